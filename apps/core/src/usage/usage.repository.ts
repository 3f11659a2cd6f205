import { Injectable } from '@nestjs/common';
import type { AppState, Plan } from '../applications/application.types';
import { PgPoolService } from '../prisma/pg-pool.service';
import { PrismaService } from '../prisma/prisma.service';
import type { Tx } from '../prisma/transaction';
import { INGEST_GATE_LOCK } from './ingest-gate';
import type { DauReport, DayUsage } from './usage.rules';

export interface ReportedApp {
  id: string;
  state: AppState;
  plan: Plan;
  accountId: string;
  region: string;
}

/** At most this many distinct sources report one app's day (SPEC 16): more is a misconfigured or hostile gateway. */
export const MAX_SOURCES_PER_DAY = 16;

/**
 * A report as the statement takes it: with the scope of the key that sent it
 * (requests of different keys share one statement), so that a report outside
 * its key's account or regions is never written.
 */
export type WritableReport = DauReport & { scopeAccount?: string | null; scopeRegions?: string | null };

export interface DayTotal {
  appId: string;
  date: string;
  dau: number;
}

export interface IngestOutcome {
  /** The reported apps that exist. */
  apps: ReportedApp[];
  /** The last day the settlement has closed to reports, or null. */
  closedThrough: string | null;
  /** The first day trial apps still took reports for, in this statement. */
  trialOpenFrom: string;
  /** The snapshots this statement raised, with their new values. */
  raised: DauReport[];
  /** First snapshots another request created meanwhile: not written, to be sent again. */
  lost: DauReport[];
  /** New sources refused: their app's day already had MAX_SOURCES_PER_DAY. */
  crowded: DauReport[];
  /** The new DAU of every app-day that changed. */
  days: DayTotal[];
}

/**
 * The ingest statement (see UsageRepository.ingest). $1-$4, $6-$7: the
 * reports, column by column (with the scope of the key that sent each); $5:
 * now; $8: the first day still open for trial apps.
 */
const INGEST_SQL = `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::date[], $3::text[], $4::int[], $6::uuid[], $7::text[]) AS r(app_id, day, source, dau, scope_account, scope_regions)
  ), apps AS (
    SELECT id, state, plan, account_id, region FROM applications WHERE id = ANY ($1::uuid[])
  ), closed AS (
    SELECT ingest_gate_closed_through(${INGEST_GATE_LOCK}) AS through
  ), writable AS (
    SELECT i.app_id, i.day, i.source, i.dau FROM input i JOIN apps a ON a.id = i.app_id CROSS JOIN closed c
    WHERE a.state <> 'destroyed' AND (c.through IS NULL OR i.day > c.through) AND (a.plan <> 'trial' OR i.day >= $8::date)
      AND (i.scope_account IS NULL OR a.account_id = i.scope_account)
      AND (i.scope_regions IS NULL OR a.region = ANY (string_to_array(i.scope_regions, ',')))
  ), previous AS (
    -- Each report beside its snapshot, locked (in key order, so concurrent statements never deadlock) and read at its
    -- latest committed value. A lateral lookup per report: the planner cannot size these CTEs, and a join between two
    -- of them, estimated at one row each, ran as a nested loop over both (quadratic in the batch).
    SELECT w.app_id, w.day, w.source, w.dau, p.dau AS previous_dau
    FROM (SELECT * FROM writable ORDER BY app_id, day, source) w
    LEFT JOIN LATERAL (
      SELECT s.dau FROM dau_snapshots s
      WHERE s.app_id = w.app_id AND s.day = w.day AND s.source = w.source
      FOR UPDATE
    ) p ON true
  ), candidates AS (
    -- New sources of an app's day are numbered after the ones it already has: past the bound, they are refused.
    SELECT app_id, day, source, dau, dau - coalesce(previous_dau, 0) AS delta, previous_dau IS NULL AS fresh,
      CASE WHEN previous_dau IS NULL
        THEN (SELECT count(*) FROM dau_snapshots s WHERE s.app_id = p.app_id AND s.day = p.day)
          + row_number() OVER (PARTITION BY app_id, day, previous_dau IS NULL ORDER BY source)
        ELSE 0 END AS source_no
    FROM previous p
    WHERE previous_dau IS NULL OR dau > previous_dau
  ), changes AS (
    SELECT app_id, day, source, dau, delta, fresh FROM candidates WHERE source_no <= ${MAX_SOURCES_PER_DAY}
  ), updated AS (
    UPDATE dau_snapshots s SET dau = c.dau, updated_at = $5::timestamptz
    FROM changes c
    WHERE NOT c.fresh AND s.app_id = c.app_id AND s.day = c.day AND s.source = c.source
    RETURNING s.app_id, s.day, s.source, s.dau, c.delta
  ), inserted AS (
    INSERT INTO dau_snapshots (app_id, day, source, dau, updated_at)
    SELECT app_id, day, source, dau, $5::timestamptz FROM changes WHERE fresh ORDER BY app_id, day, source
    ON CONFLICT (app_id, day, source) DO NOTHING
    RETURNING app_id, day, source, dau, dau AS delta
  ), written AS (
    SELECT * FROM updated UNION ALL SELECT * FROM inserted
  ), days AS (
    INSERT INTO daily_usage AS d (app_id, day, dau, updated_at)
    SELECT app_id, day, LEAST(sum(delta), 2147483647), $5::timestamptz FROM written
    GROUP BY app_id, day
    ORDER BY app_id, day
    -- Clamped to the column's range: absurd reports from many sources must not fail the whole batch.
    ON CONFLICT (app_id, day) DO UPDATE SET dau = LEAST(d.dau::bigint + EXCLUDED.dau, 2147483647), updated_at = EXCLUDED.updated_at
    RETURNING d.app_id, d.day, d.dau
  )
  SELECT
    (SELECT coalesce(json_agg(json_build_object('id', id, 'state', state, 'plan', plan, 'accountId', account_id, 'region', region)), '[]') FROM apps) AS apps,
    (SELECT through::text FROM closed) AS closed,
    $8::date::text AS trial_open_from,
    (SELECT coalesce(json_agg(json_build_object('appId', app_id, 'date', day, 'source', source, 'dau', dau)), '[]')
       FROM written) AS raised,
    (SELECT coalesce(json_agg(json_build_object('appId', app_id, 'date', day, 'source', source, 'dau', dau)), '[]')
       FROM (SELECT app_id, day, source, dau FROM changes WHERE fresh
             EXCEPT ALL SELECT app_id, day, source, dau FROM inserted) l) AS lost,
    (SELECT coalesce(json_agg(json_build_object('appId', app_id, 'date', day, 'dau', dau)), '[]') FROM days) AS days,
    (SELECT coalesce(json_agg(json_build_object('appId', app_id, 'date', day, 'source', source, 'dau', dau)), '[]')
       FROM candidates WHERE source_no > ${MAX_SOURCES_PER_DAY}) AS crowded`;

interface IngestRow {
  apps: ReportedApp[];
  closed: string | null;
  trial_open_from: string;
  raised: DauReport[];
  lost: DauReport[];
  days: DayTotal[];
  crowded: DauReport[];
}

/**
 * Usage SQL. Ingest is one statement per request whatever its size (the
 * reports travel as arrays and are unnested in Postgres), on plain `pg`.
 */
@Injectable()
export class UsageRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly pool: PgPoolService,
  ) {}

  /**
   * Writes the reports (one per snapshot key) that may be written: their app
   * exists and is not destroyed, their day is after the last one the
   * settlement has closed (planned) and, for a trial app, not before
   * `trialOpenFrom`. One statement in its own transaction: it
   * takes the shared side of the settlement's ingest gate itself (see the
   * migration of ingest_gate_closed_through), so a report for a day being
   * closed waits for the close and is then refused.
   *
   * Each snapshot is read under a row lock, raised when the report is higher,
   * and the day's DAU grows by the difference (new - old). The old value is the
   * latest committed one (a locking read waits for a concurrent writer and sees
   * its value), and additions commute, so requests racing on one app-day add
   * up exactly, with no lock on the day. The one thing a locking read cannot
   * see is a snapshot another request creates in the meantime: such a first
   * report is not written (ON CONFLICT DO NOTHING) and comes back in `lost`,
   * for the caller to send again.
   */
  async ingest(reports: readonly WritableReport[], at: Date, trialOpenFrom: string): Promise<IngestOutcome> {
    // Named: parsed and planned once per connection; planning it costs more than running it for one report.
    const rows = await this.pool.named<IngestRow>({
      name: 'usage-ingest',
      text: INGEST_SQL,
      values: [
        reports.map((r) => r.appId),
        reports.map((r) => r.date),
        reports.map((r) => r.source),
        reports.map((r) => r.dau),
        at,
        reports.map((r) => r.scopeAccount ?? null),
        reports.map((r) => r.scopeRegions ?? null),
        trialOpenFrom,
      ],
    });
    const [row] = rows;
    return {
      apps: row.apps,
      closedThrough: row.closed,
      trialOpenFrom: row.trial_open_from,
      raised: row.raised,
      lost: row.lost,
      days: row.days,
      crowded: row.crowded,
    };
  }

  /**
   * Sets an open day's DAU to the corrected figure and records the
   * correction, in one statement under the shared side of the ingest gate (a
   * day being closed waits, then is refused). Later reports still add their
   * increases to the corrected total.
   */
  async correct(
    correction: { appId: string; date: string; dau: number; reason: string; actingKeyId: string | null },
    at: Date,
    tx: Tx,
  ): Promise<{ found: boolean; closedThrough: string | null; previous: number | null; dau: number | null }> {
    const [row] = await tx.$queryRaw<{ found: boolean; closedThrough: string | null; previous: number | null; dau: number | null }[]>`
      WITH app AS (
        SELECT id FROM applications WHERE id = ${correction.appId}::uuid AND state <> 'destroyed'
      ), closed AS (
        SELECT ingest_gate_closed_through(${INGEST_GATE_LOCK}) AS through
      ), previous AS (
        SELECT dau FROM daily_usage WHERE app_id = ${correction.appId}::uuid AND day = ${correction.date}::date FOR UPDATE
      ), corrected AS (
        INSERT INTO daily_usage AS d (app_id, day, dau, updated_at)
        SELECT app.id, ${correction.date}::date, ${correction.dau}, ${at} FROM app, closed
        WHERE closed.through IS NULL OR ${correction.date}::date > closed.through
        ON CONFLICT (app_id, day) DO UPDATE SET dau = EXCLUDED.dau, updated_at = EXCLUDED.updated_at
        RETURNING d.dau
      ), recorded AS (
        INSERT INTO usage_corrections (app_id, day, previous_dau, dau, reason, acting_key_id, at)
        SELECT ${correction.appId}::uuid, ${correction.date}::date, (SELECT dau FROM previous), dau, ${correction.reason}, ${correction.actingKeyId}::uuid, ${at}
        FROM corrected
      )
      SELECT EXISTS (SELECT 1 FROM app) AS found, (SELECT through::text FROM closed) AS "closedThrough",
             (SELECT dau FROM previous) AS previous, (SELECT dau FROM corrected) AS dau`;
    return row;
  }

  async find(appId: string): Promise<ReportedApp | null> {
    const rows = await this.prisma.$queryRaw<ReportedApp[]>`
      SELECT id::text, state, plan, account_id::text AS "accountId", region FROM applications WHERE id = ${appId}::uuid`;
    return rows[0] ?? null;
  }

  async days(appId: string, from: string, to: string): Promise<DayUsage[]> {
    return this.prisma.$queryRaw<DayUsage[]>`
      SELECT day::text AS date, dau FROM daily_usage
      WHERE app_id = ${appId}::uuid AND day BETWEEN ${from}::date AND ${to}::date
      ORDER BY day`;
  }
}
