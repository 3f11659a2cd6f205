import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { INGEST_GATE_LOCK } from '../../apps/core/src/settlement/payg-settlement.repository';
import { TrialLifecycleService } from '../../apps/core/src/lifecycle/trial-lifecycle.service';
import { IngestBatcher } from '../../apps/core/src/usage/ingest-batcher';
import { UsageRepository } from '../../apps/core/src/usage/usage.repository';
import type { DauReport } from '../../apps/core/src/usage/usage.rules';
import { anApplication } from '../support/builders/applications';
import { TestSystem } from '../support/system';
import { answer } from '../support/api-client';

const NOW = '2026-03-10T12:00:00+08:00';
const TODAY = '2026-03-10';

describe('DAU ingest under concurrency', () => {
  let system: TestSystem;
  let ingestKey: string;
  let batcher: IngestBatcher;
  let statements: jest.SpyInstance;
  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: NOW });
    ingestKey = await system.newKey('ingest');
    batcher = system.api.get(IngestBatcher);
    // Counts the ingest statements; each still runs for real.
    statements = jest.spyOn(system.api.get(UsageRepository), 'ingest');
  });
  afterAll(async () => system.stop());
  beforeEach(() => statements.mockClear());

  const at = new Date(NOW);
  const report = (appId: string, source: string, dau: number, date = TODAY): DauReport => ({ appId, date, source, dau });
  const snapshot = async (appId: string, source: string) =>
    (await system.prisma.dauSnapshot.findFirst({ where: { appId, source } }))?.dau ?? null;
  const dauOn = async (appId: string, date = TODAY) =>
    (await system.prisma.dailyUsage.findUnique({ where: { appId_day: { appId, day: new Date(`${date}T00:00:00Z`) } } }))?.dau ?? null;

  it('writes the requests queued behind the statements in flight together, each answered with its own part', async () => {
    // Two apps of 15 sources each: one app's day takes at most 16 sources.
    const apps = [await anApplication(system).create(), await anApplication(system).create()];
    const appOf = (i: number) => apps[i % 2];
    const destroyed = await anApplication(system).create();
    await system.prisma.application.update({ where: { id: destroyed.id }, data: { state: 'destroyed', destroyedAt: new Date() } });
    const unknown = randomUUID();
    const requests = [
      ...Array.from({ length: 30 }, (_, i) => [report(appOf(i).id, `gw-${i}`, 10 + i)]),
      [report(destroyed.id, 'gw-0', 5)],
      [report(unknown, 'gw-0', 5)],
    ];
    // Sent in one tick: two statements start at once, the other 30 requests wait and share the third.
    const outcomes = await Promise.all(requests.map((reports) => batcher.write(reports, at, TODAY)));

    expect(statements).toHaveBeenCalledTimes(3);
    outcomes.slice(0, 30).forEach((outcome, i) => {
      const app = appOf(i);
      expect(outcome.raised).toEqual([report(app.id, `gw-${i}`, 10 + i)]);
      expect(outcome.apps).toEqual([{ id: app.id, state: 'trial', plan: 'trial', accountId: app.accountId, region: app.region }]);
      expect(outcome.days).toEqual([{ appId: app.id, date: TODAY, dau: expect.any(Number) }]);
    });
    expect(outcomes[30]).toMatchObject({ apps: [{ id: destroyed.id, state: 'destroyed' }], raised: [], days: [] });
    expect(outcomes[31]).toMatchObject({ apps: [], raised: [], days: [] });
    for (const [n, app] of apps.entries()) {
      expect(await dauOn(app.id)).toBe(
        Array.from({ length: 30 }, (_, i) => 10 + i)
          .filter((_, i) => i % 2 === n)
          .reduce((a, b) => a + b),
      );
    }
    expect(await dauOn(destroyed.id)).toBeNull();
  });

  it('never puts one snapshot twice in a statement', async () => {
    const app = await anApplication(system).create();
    // gw-a exists already: its reports below race only on its row lock, never on its first insert.
    await batcher.write([report(app.id, 'gw-a', 1)], at, TODAY);
    statements.mockClear();
    const requests = [
      [report(app.id, 'gw-x', 1)],
      [report(app.id, 'gw-y', 1)],
      // Queued behind those two: the repeated snapshot gw-a splits them.
      [report(app.id, 'gw-a', 5)],
      [report(app.id, 'gw-a', 9), report(app.id, 'gw-b', 3)],
      [report(app.id, 'gw-a', 7)],
      [report(app.id, 'gw-c', 4)],
    ];
    const outcomes = await Promise.all(requests.map((reports) => batcher.write(reports, at, TODAY)));

    const taken: string[][] = statements.mock.calls.map(([reports]) => reports.map((r: DauReport) => `${r.source}=${r.dau}`));
    expect(taken.length).toBeLessThan(requests.length);
    expect(taken.flat().sort()).toEqual(
      requests
        .flat()
        .map((r) => `${r.source}=${r.dau}`)
        .sort(),
    );
    // Each of gw-a's reports in a statement of its own, in the order they came.
    expect(taken.map((reports) => reports.filter((r) => r.startsWith('gw-a='))).filter((a) => a.length)).toEqual([
      ['gw-a=5'],
      ['gw-a=9'],
      ['gw-a=7'],
    ]);
    expect(await snapshot(app.id, 'gw-a')).toBe(9);
    expect(outcomes[3].raised).toContainEqual(report(app.id, 'gw-a', 9));
    expect(await dauOn(app.id)).toBe(1 + 1 + 9 + 3 + 4);
  });

  it('answers each of many concurrent single-report requests as if it had come alone', async () => {
    const app = await anApplication(system).create();
    const sources = Array.from({ length: 8 }, (_, i) => `gw-${i}`);
    // Each source reports 1..6 in a scrambled order, all requests at once.
    const sends = sources.flatMap((source, s) => Array.from({ length: 6 }, (_, k) => ({ source, dau: ((k * 5 + s) % 6) + 1 })));
    const replies = await Promise.all(
      sends.map(({ source, dau }) =>
        answer(system.as(ingestKey).POST('/v1/usage/dau', { body: { reports: [{ appId: app.id, date: TODAY, source, dau }] } })),
      ),
    );

    replies.forEach((reply, i) => {
      expect(reply.status).toBe(200);
      expect(reply.data!.results).toEqual([{ appId: app.id, date: TODAY, status: expect.stringMatching(/^(accepted|unchanged)$/) }]);
      // The highest report of a source always raises its snapshot, whatever came before it.
      if (sends[i].dau === 6) expect(reply.data!.results[0].status).toBe('accepted');
    });
    for (const source of sources) expect(await snapshot(app.id, source)).toBe(6);
    expect(await dauOn(app.id)).toBe(6 * sources.length);
  });

  it('suspends trial apps pushed over the limit by hundreds of concurrent requests, once each, answering every request', async () => {
    const apps = await Promise.all(Array.from({ length: 40 }, () => anApplication(system).create()));
    // 8 sources of 200 DAU per app: each app crosses 1,000 at its sixth report, while the rest are still arriving.
    const sends = Array.from({ length: 8 }, (_, s) =>
      apps.map((app) => ({ appId: app.id, date: TODAY, source: `gw-${s}`, dau: 200 })),
    ).flat();
    // Counts the suspension transactions (each still runs): one per request over the limit would hold a pooled
    // connection each, and a few hundred outwait the pool (503); requests arriving together share one.
    const suspensions = jest.spyOn(system.api.get(TrialLifecycleService), 'suspend');
    const replies = await Promise.all(
      sends.map((report) => answer(system.as(ingestKey).POST('/v1/usage/dau', { body: { reports: [report] } }))),
    );

    expect(replies.map((reply) => reply.status)).toEqual(sends.map(() => 200));
    const ids = apps.map((app) => app.id);
    const states = await system.prisma.application.findMany({ where: { id: { in: ids } } });
    expect(states.map((app) => [app.state, app.suspensionReason])).toEqual(ids.map(() => ['suspended', 'trial_over_limit']));
    expect(await system.prisma.appStateChange.count({ where: { appId: { in: ids }, toState: 'suspended' } })).toBe(40);
    expect(await system.prisma.notification.count({ where: { appId: { in: ids }, type: 'trial_cutoff' } })).toBe(40);
    for (const app of apps) expect(await dauOn(app.id)).toBe(1600);
    expect(suspensions.mock.calls.length).toBeLessThanOrEqual(10);
    suspensions.mockRestore();
  });

  // Last: it closes the day for good.
  it('makes a report racing the close of its day wait for the close, then refuses it', async () => {
    const app = await anApplication(system).create();
    const closer = new Client({ connectionString: process.env.DATABASE_URL });
    await closer.connect();
    try {
      // What planning a day does: the exclusive side of the gate, then the plan that closes the day.
      await closer.query('BEGIN');
      await closer.query('SELECT pg_advisory_xact_lock($1)', [INGEST_GATE_LOCK]);
      await closer.query(`INSERT INTO settlement_chunks (day, chunk_no) VALUES ($1, 0)`, ['2026-03-09']);
      const racing = answer(
        system.as(ingestKey).POST('/v1/usage/dau', { body: { reports: [{ appId: app.id, date: '2026-03-09', dau: 50 }] } }),
      );
      await waitForGateWaiter(closer);
      await closer.query('COMMIT');

      const reply = await racing;
      expect(reply.data!.results).toEqual([expect.objectContaining({ status: 'DAY_CLOSED' })]);
      expect(await dauOn(app.id, '2026-03-09')).toBeNull();
    } finally {
      await closer.end();
    }
  });
});

/** Until an ingest statement is blocked on the gate (it started before the close committed). */
async function waitForGateWaiter(client: Client): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = $1 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [INGEST_GATE_LOCK],
    );
    if (rows[0].n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no ingest statement waited for the gate');
}
