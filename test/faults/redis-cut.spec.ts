import { randomUUID } from 'node:crypto';
import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { expectCommittedOrUnavailable, expectMoneyInvariants, query, timed } from '../support/faults';
import { TestSystem } from '../support/system';
import { TcpProxy } from '../support/tcp-proxy';

const DAY = '2026-04-01';
const TOP_UPS = 8;
const PURCHASES = 3;
const INGEST_REQUESTS = 20;

/**
 * Redis taken away under the API (SPEC 15): money writes commit and answer
 * promptly or answer 503 with nothing written, ingest and reads go on,
 * /health says degraded; once it is back, retries under the same
 * Idempotency-Key land once and no money is lost or doubled.
 */
describe('Redis cut during top-ups, prepaid purchases and ingest', () => {
  let redis: TcpProxy;
  let system: TestSystem;
  let ingestKey: string;

  beforeAll(async () => {
    redis = await TcpProxy.to(process.env.REDIS_URL!);
    system = await TestSystem.start({ clockStart: `${DAY}T12:00:00+08:00`, env: { REDIS_URL: redis.url(process.env.REDIS_URL!) } });
    ingestKey = await system.newKey('ingest');
  });
  afterAll(async () => {
    await redis.restore();
    await system.stop();
    await redis.close();
  });

  it.each(['blackhole', 'refuse'] as const)(
    '%s: every answer is prompt and correct, and after restore each write is in once',
    async (mode) => {
      const buyer = await anAccount(system).withCash('100000.00').create();
      const apps = await Promise.all(Array.from({ length: PURCHASES }, () => anApplication(system).forAccount(buyer.id).create()));
      const topUps = Array.from({ length: TOP_UPS }, (_, i) => ({ key: randomUUID(), body: { kind: 'cash', amount: `${10 + i}.25` } }));
      const purchases = apps.map((app) => ({ key: randomUUID(), body: { accountId: buyer.id, appId: app.id, units: 1, months: 1 } }));
      const topUp = (t: (typeof topUps)[number]) =>
        timed(system.request('POST', `/v1/accounts/${buyer.id}/top-ups`, t.body, system.adminKey, { 'idempotency-key': t.key }));
      const purchase = (p: (typeof purchases)[number]) =>
        timed(system.request('POST', '/v1/orders/prepaid', p.body, system.adminKey, { 'idempotency-key': p.key }));
      const ingest = (i: number) =>
        timed(
          system.request(
            'POST',
            '/v1/usage/dau',
            { reports: [{ appId: apps[i % PURCHASES].id, date: DAY, dau: 100 + i, source: `s${i}` }] },
            ingestKey,
          ),
        );

      await redis.cut(mode);
      const health = await timed(system.request('GET', '/health', undefined, null));
      const [topUpAnswers, purchaseAnswers, ingestAnswers] = await Promise.all([
        Promise.all(topUps.map(topUp)),
        Promise.all(purchases.map(purchase)),
        Promise.all(Array.from({ length: INGEST_REQUESTS }, (_, i) => ingest(i))),
      ]);
      const read = await timed(system.request('GET', `/v1/accounts/${buyer.id}`));

      expect(health.ms).toBeLessThan(3000);
      expect(health.answer).toMatchObject({
        status: 200,
        body: { status: 'degraded', details: { postgres: { status: 'up' }, redis: { status: 'down' } } },
      });
      topUpAnswers.forEach((answer) => expectCommittedOrUnavailable(answer, 201, 6000));
      purchaseAnswers.forEach((answer) => expectCommittedOrUnavailable(answer, 201, 6000));
      for (const { answer, ms } of ingestAnswers) {
        expect(ms).toBeLessThan(6000);
        expect({ status: answer.status, results: answer.body.results.map((r: { status: string }) => r.status) }).toEqual({
          status: 200,
          results: ['accepted'],
        });
      }
      expect(read.ms).toBeLessThan(6000);
      expect(read.answer.status).toBe(200);

      await redis.restore();
      // The client retries every write under its key: what had committed is replayed, what had not lands now.
      const retriedTopUps = await Promise.all(topUps.map(topUp));
      const retriedPurchases = await Promise.all(purchases.map(purchase));
      retriedTopUps.forEach(({ answer }, i) => {
        expect(answer.status).toBe(201);
        if (topUpAnswers[i].answer.status === 201) expect(answer.body.id).toBe(topUpAnswers[i].answer.body.id);
      });
      retriedPurchases.forEach(({ answer }, i) => {
        expect(answer.status).toBe(201);
        if (purchaseAnswers[i].answer.status === 201) expect(answer.body.id).toBe(purchaseAnswers[i].answer.body.id);
      });

      const acknowledged = retriedTopUps.map(({ answer }) => answer.body.id as string);
      const landed = await query<{ id: string }>(
        system.databaseUrl,
        `SELECT id::text FROM ledger_transactions WHERE account_id = $1 AND kind = 'top_up' AND id = ANY ($2::uuid[])`,
        [buyer.id, acknowledged],
      );
      expect(landed.map((row) => row.id).sort()).toEqual([...acknowledged].sort());
      const [counts] = await query<{ top_ups: number; orders: number }>(
        system.databaseUrl,
        `SELECT (SELECT count(*)::int FROM ledger_transactions WHERE account_id = $1 AND kind = 'top_up') AS top_ups,
              (SELECT count(*)::int FROM orders WHERE account_id = $1) AS orders`,
        [buyer.id],
      );
      // The builder's own top-up, and each retried write once.
      expect(counts).toEqual({ top_ups: TOP_UPS + 1, orders: PURCHASES });
      const usage = await query<{ dau: number }>(
        system.databaseUrl,
        `SELECT coalesce(sum(dau), 0)::int AS dau FROM daily_usage WHERE app_id = ANY ($1::uuid[]) AND day = $2`,
        [apps.map((app) => app.id), DAY],
      );
      expect(usage[0].dau).toBe(Array.from({ length: INGEST_REQUESTS }, (_, i) => 100 + i).reduce((a, b) => a + b, 0));
      await expectMoneyInvariants(system.databaseUrl);
    },
  );
});
