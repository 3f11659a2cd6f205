import { Injectable } from '@nestjs/common';
import type { BulkTx } from '../prisma/unit-of-work';
import type { Region } from '../pricing/price-book';
import { INGEST_GATE_LOCK } from '../usage/ingest-gate';
import type { BillableApp, PricedBill } from './settlement.rules';

// Re-exported where the gate is closed, for the tests that hold it as settlement does.
export { INGEST_GATE_LOCK };

export interface Chunk {
  chunkNo: number;
  afterId: string | null;
  upToId: string | null;
  /** Its bills are committed. */
  settled: boolean;
}

/**
 * The set-based SQL of the pay-as-you-go settlement, on plain `pg`: a chunk's
 * reads and writes are a handful of statements over arrays, whatever its size.
 */
@Injectable()
export class PaygSettlementRepository {
  /**
   * Planning a day closes it to DAU reports. The exclusive side of the ingest
   * gate waits for reports already being written (they hold the shared side)
   * and holds new ones until the plan is committed, after which they see the
   * day closed: no report is accepted for a day once its bills are being made.
   */
  async lockPlan(client: BulkTx, day: string): Promise<void> {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`settlement-plan:${day}`]);
    await client.query('SELECT pg_advisory_xact_lock($1)', [INGEST_GATE_LOCK]);
  }

  /** Serializes two runs of the same chunk (a retry racing a stalled job) without blocking other chunks. */
  async lockChunk(client: BulkTx, day: string, chunkNo: number): Promise<void> {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1), $2)', [`settlement:${day}`, chunkNo]);
  }

  async existingPlan(client: BulkTx, day: string): Promise<Chunk[]> {
    const { rows } = await client.query<{ chunk_no: number; after_id: string | null; up_to_id: string | null; settled: boolean }>(
      'SELECT chunk_no, after_id, up_to_id, settled_at IS NOT NULL AS settled FROM settlement_chunks WHERE day = $1 ORDER BY chunk_no',
      [day],
    );
    return rows.map((row) => ({ chunkNo: row.chunk_no, afterId: row.after_id, upToId: row.up_to_id, settled: row.settled }));
  }

  /** Accounts with a pay-as-you-go app that may have run on the day: active now, or moved since the day began. */
  async billableAccountIds(client: BulkTx, dayStart: Date): Promise<string[]> {
    const { rows } = await client.query<{ account_id: string }>(
      `SELECT DISTINCT account_id FROM applications
        WHERE plan = 'payg' AND (state = 'active' OR state_changed_at >= $1) ORDER BY 1`,
      [dayStart],
    );
    return rows.map((row) => row.account_id);
  }

  async savePlan(client: BulkTx, day: string, chunks: Omit<Chunk, 'settled'>[]): Promise<void> {
    await client.query(
      `INSERT INTO settlement_chunks (day, chunk_no, after_id, up_to_id)
       SELECT $1::date, * FROM unnest($2::int[], $3::uuid[], $4::uuid[])
       ON CONFLICT (day, chunk_no) DO NOTHING`,
      [day, chunks.map((c) => c.chunkNo), chunks.map((c) => c.afterId), chunks.map((c) => c.upToId)],
    );
  }

  async unsettledChunks(client: BulkTx, day: string): Promise<number> {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM settlement_chunks WHERE day = $1 AND settled_at IS NULL',
      [day],
    );
    return rows[0].n;
  }

  /**
   * Pay-as-you-go apps of the chunk's accounts that ran at some moment of the
   * day (SPEC.md 7), with the day's DAU and the loyalty counter of their
   * latest earlier bill, that have no bill for the day yet. An app active
   * since before the day ended ran (the common case, read from the row
   * alone); any other app ran if its state history shows it active when the
   * day began or becoming active during it. So the day an app is suspended or
   * destroyed is billed, a day spent wholly suspended is not, whatever its
   * state at settlement.
   */
  async billableApps(client: BulkTx, day: string, chunk: Chunk, dayStart: Date, dayEnd: Date): Promise<BillableApp[]> {
    const { rows } = await client.query<{ id: string; account_id: string; region: Region; charged: number; dau: number }>(
      `SELECT a.id, a.account_id, a.region, coalesce(prev.charged_days_total, 0) AS charged, coalesce(u.dau, 0) AS dau
         FROM applications a
         LEFT JOIN daily_usage u ON u.app_id = a.id AND u.day = $1::date
         LEFT JOIN LATERAL (SELECT b.day, b.charged_days_total FROM payg_bills b
                             WHERE b.app_id = a.id AND b.day <= $1::date ORDER BY b.day DESC LIMIT 1) prev ON true
        WHERE a.plan = 'payg' AND a.payg_activated_at < $2
          AND (a.state = 'active' OR a.state_changed_at >= $5)
          AND ($3::uuid IS NULL OR a.account_id > $3::uuid) AND ($4::uuid IS NULL OR a.account_id <= $4::uuid)
          AND prev.day IS DISTINCT FROM $1::date
          AND ((a.state = 'active' AND a.state_changed_at < $2)
               OR EXISTS (SELECT 1 FROM app_state_changes c
                           WHERE c.app_id = a.id AND c.at >= $5 AND c.at < $2 AND c.to_state = 'active')
               OR (SELECT c.to_state FROM app_state_changes c
                    WHERE c.app_id = a.id AND c.at < $5 ORDER BY c.at DESC, c.id DESC LIMIT 1) = 'active')
        ORDER BY a.account_id, a.id`,
      [day, dayEnd, chunk.afterId, chunk.upToId, dayStart],
    );
    return rows.map((r) => ({ appId: r.id, accountId: r.account_id, region: r.region, dau: r.dau, chargedDays: r.charged }));
  }

  /** One bill per app; a charged bill points at its account's ledger transaction of the day. */
  async writeBills(
    client: BulkTx,
    input: { day: string; bills: PricedBill[]; transactionIds: Map<string, string>; priceBookVersion: string; at: Date },
  ): Promise<void> {
    const { day, bills, transactionIds, priceBookVersion, at } = input;
    await client.query(
      `INSERT INTO payg_bills (app_id, day, account_id, region, dau, charged_day, charged_days_total, amount,
                               price_book_version, ledger_transaction_id, created_at)
       SELECT t.app_id, $1::date, t.account_id, t.region, t.dau, t.charged_day, t.total, t.amount, $2, t.tx_id, $3
         FROM unnest($4::uuid[], $5::uuid[], $6::text[], $7::int[], $8::int[], $9::int[], $10::numeric[], $11::uuid[])
              AS t(app_id, account_id, region, dau, charged_day, total, amount, tx_id)`,
      [
        day,
        priceBookVersion,
        at,
        bills.map((b) => b.appId),
        bills.map((b) => b.accountId),
        bills.map((b) => b.region),
        bills.map((b) => b.dau),
        bills.map((b) => b.chargedDay),
        bills.map((b) => b.chargedDaysTotal),
        bills.map((b) => b.amount.toFixed(2)),
        bills.map((b) => (b.amount.isZero() ? null : transactionIds.get(b.accountId))),
      ],
    );
  }

  async markChunkSettled(client: BulkTx, day: string, chunkNo: number, bills: number, at: Date): Promise<void> {
    await client.query(
      `UPDATE settlement_chunks SET settled_at = coalesce(settled_at, $3), bills = coalesce(bills, 0) + $4
        WHERE day = $1 AND chunk_no = $2`,
      [day, chunkNo, at, bills],
    );
  }
}
