import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ADVANCE_LOCK_KEY } from '../../apps/core/src/scheduling/clock-advance.service';
import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { expectUnavailable, query, timed } from '../support/faults';
import { TestSystem } from '../support/system';
import { TcpProxy } from '../support/tcp-proxy';

const DAY = '2026-04-01';

/**
 * Postgres taken away under the API (SPEC 15): every request answers 503
 * UNAVAILABLE with Retry-After within seconds, /health 503; when it is back
 * the same process serves again, and a write retried under its
 * Idempotency-Key lands once.
 */
describe('Postgres cut for the API', () => {
  let postgres: TcpProxy;
  let system: TestSystem;
  let ingestKey: string;

  beforeAll(async () => {
    postgres = await TcpProxy.to(process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://127.0.0.1:5432');
    system = await TestSystem.start({ clockStart: `${DAY}T12:00:00+08:00`, databaseVia: (url) => postgres.url(url) });
    ingestKey = await system.newKey('ingest');
  });
  afterAll(async () => {
    await postgres.restore();
    await system.stop();
    await postgres.close();
  });

  it.each(['blackhole', 'refuse'] as const)('%s: prompt 503s, then recovery without restart and the retried write once', async (mode) => {
    const buyer = await anAccount(system).withCash('5000.00').create();
    const app = await anApplication(system).forAccount(buyer.id).create();
    const topUp = { key: randomUUID(), body: { kind: 'cash', amount: '42.10' } };
    const sendTopUp = () =>
      timed(system.request('POST', `/v1/accounts/${buyer.id}/top-ups`, topUp.body, system.adminKey, { 'idempotency-key': topUp.key }));
    const purchase = { key: randomUUID(), body: { accountId: buyer.id, appId: app.id, units: 1, months: 1 } };
    const sendPurchase = () =>
      timed(system.request('POST', '/v1/orders/prepaid', purchase.body, system.adminKey, { 'idempotency-key': purchase.key }));
    const report = { reports: [{ appId: app.id, date: DAY, dau: 321, source: 'gw' }] };

    await postgres.cut(mode);
    const [health, answers] = await Promise.all([
      timed(system.request('GET', '/health', undefined, null)),
      Promise.all([
        timed(system.request('GET', `/v1/accounts/${buyer.id}`)),
        timed(system.request('GET', `/v1/accounts/${buyer.id}/ledger`)),
        timed(system.request('GET', `/v1/apps/${app.id}`)),
        sendTopUp(),
        sendPurchase(),
        timed(system.request('POST', '/v1/usage/dau', report, ingestKey)),
      ]),
    ]).finally(() => postgres.restore());

    expect(health.ms).toBeLessThan(3000);
    expect(health.answer).toMatchObject({ status: 503, body: { status: 'error', details: { postgres: { status: 'down' } } } });
    for (const { answer, ms } of answers) {
      expect(ms).toBeLessThan(5000);
      expectUnavailable(answer);
    }

    expect((await system.request('GET', '/health', undefined, null)).status).toBe(200);
    expect((await system.request('GET', `/v1/accounts/${buyer.id}`)).status).toBe(200);
    const landed = await sendTopUp();
    const replayed = await sendTopUp();
    expect(landed.answer.status).toBe(201);
    expect(replayed.answer).toMatchObject({ status: 201, body: { id: landed.answer.body.id } });
    expect((await sendPurchase()).answer.status).toBe(201);
    const ingested = await system.request('POST', '/v1/usage/dau', report, ingestKey);
    expect(ingested.body.results.map((r: { status: string }) => r.status)).toEqual(['accepted']);

    const [counts] = await query<{ top_ups: number; cash: string; orders: number }>(
      system.databaseUrl,
      `SELECT (SELECT count(*)::int FROM ledger_transactions WHERE account_id = $1 AND kind = 'top_up') AS top_ups,
              (SELECT count(*)::int FROM orders WHERE account_id = $1) AS orders,
              (SELECT cash::text FROM wallets WHERE account_id = $1) AS cash`,
      [buyer.id],
    );
    // The builder's top-up and the retried one; one order; 5000.00 + 42.10 - 800.00.
    expect(counts).toEqual({ top_ups: 2, orders: 1, cash: '4242.10' });
  });
});

/** A clock advance (simulated clock) holds an advisory lock on a connection of its own, outside the pools. */
describe('Postgres cut under a clock advance', () => {
  let postgres: TcpProxy;
  let system: TestSystem;

  beforeAll(async () => {
    postgres = await TcpProxy.to(process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://127.0.0.1:5432');
    system = await TestSystem.start({ clockStart: `${DAY}T12:00:00+08:00`, worker: true, databaseVia: (url) => postgres.url(url) });
  });
  afterAll(async () => {
    await postgres.restore();
    await system.stop();
    await postgres.close();
  });

  it('keeps serving when the connection holding a clock advance back is cut, and advances once Postgres is back', async () => {
    // The test holds the advance lock, so the API's advance waits on its own lock connection, which the cut then breaks.
    const holder = new Client({ connectionString: system.databaseUrl });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock($1)', [ADVANCE_LOCK_KEY]);
    const advance = system.request('POST', '/v1/clock/advance', { to: `${DAY}T13:00:00+08:00` });
    const waitingForLock = async () => {
      const { rowCount } = await holder.query(
        `SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database
          WHERE l.locktype = 'advisory' AND l.objid = $1 AND NOT l.granted AND d.datname = current_database()`,
        [ADVANCE_LOCK_KEY],
      );
      return rowCount === 1;
    };
    while (!(await waitingForLock())) await new Promise((resolve) => setTimeout(resolve, 20));
    await postgres.cut('refuse');
    const cutShort = await advance.finally(() => postgres.restore());
    await holder.end();

    expectUnavailable(cutShort);
    expect((await system.request('GET', '/health', undefined, null)).status).toBe(200);
    const advanced = await system.request('POST', '/v1/clock/advance', { to: `${DAY}T13:00:00+08:00` });
    expect(advanced.status).toBe(200);
    expect((await system.request('GET', '/v1/clock')).body.now).toBe('2026-04-01T05:00:00.000Z');
  });
});
