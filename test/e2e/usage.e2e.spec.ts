import { randomUUID } from 'node:crypto';
import { SettlementService } from '../../apps/core/src/settlement/settlement.service';
import { anApplication } from '../support/builders/applications';
import { answer, invalid } from '../support/api-client';
import { TestSystem } from '../support/system';

// 12:00 on 2026-03-10 in Shanghai (the process runs in Los Angeles, where it is still the 9th).
const NOW = '2026-03-10T12:00:00+08:00';
const TODAY = '2026-03-10';

describe('DAU ingest and usage', () => {
  let system: TestSystem;
  let ingestKey: string;
  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: NOW });
    ingestKey = await system.newKey('ingest');
  });
  afterAll(async () => system.stop());

  const ingest = (reports: unknown, key: string = ingestKey) =>
    answer(system.as(key).POST('/v1/usage/dau', { body: { reports: invalid(reports) } }));
  const results = (reply: { data?: { results: { status: string; appId?: unknown; date?: unknown }[] } }) => reply.data?.results ?? [];
  const statuses = async (reports: unknown[]) => {
    const reply = await ingest(reports);
    expect(reply.status).toBe(200);
    return results(reply).map((r) => r.status);
  };
  const usage = async (id: string, query: { from?: string; to?: string } = { from: TODAY, to: TODAY }) =>
    (await answer(system.http.GET('/v1/apps/{id}/usage', { params: { path: { id }, query } }))).data;
  const setCharity = (id: string, approved: boolean) =>
    answer(system.http.POST('/v1/apps/{id}/charity', { params: { path: { id } }, body: { approved } }));
  // Pay-as-you-go days stay open until settled; a trial app's close at 00:00 (the tests of past days use these).
  const aPaygApp = async () => {
    const app = await anApplication(system).create();
    const order = await answer(
      system.http.POST('/v1/orders/payg', {
        params: { header: { 'Idempotency-Key': `payg-${app.id}` } },
        body: { accountId: app.accountId, appIds: [app.id] },
      }),
    );
    expect(order.status).toBe(201);
    return app;
  };
  const dauOn = async (appId: string, date = TODAY) => {
    const row = await system.prisma.dailyUsage.findUnique({ where: { appId_day: { appId, day: new Date(`${date}T00:00:00Z`) } } });
    return row?.dau ?? null;
  };

  it('answers each report in request order, failing bad reports alone', async () => {
    const app = await aPaygApp();
    const destroyed = await anApplication(system).create();
    await system.prisma.application.update({ where: { id: destroyed.id }, data: { state: 'destroyed', destroyedAt: new Date() } });
    const unknown = randomUUID();
    const reply = await ingest([
      { appId: app.id, date: TODAY, dau: 120 },
      { appId: app.id, date: '2026-3-9', dau: 1 },
      { appId: app.id, date: '2026-02-30', dau: 1 },
      { appId: app.id, date: '2026-03-11', dau: 1 },
      { appId: app.id, date: TODAY, dau: -1 },
      { appId: app.id, date: TODAY, dau: 1.5 },
      { appId: app.id, date: TODAY, dau: '7' },
      { appId: 'app-1', date: TODAY, dau: 1 },
      { appId: app.id, date: TODAY, dau: 1, source: '' },
      { appId: unknown, date: TODAY, dau: 1 },
      { appId: destroyed.id, date: TODAY, dau: 1 },
      'not a report',
      { appId: app.id, date: '2026-03-09', dau: 80 },
    ]);
    expect(reply.status).toBe(200);
    expect(results(reply)).toEqual([
      { appId: app.id, date: TODAY, status: 'accepted' },
      { appId: app.id, date: '2026-3-9', status: 'VALIDATION_FAILED', field: 'date', message: expect.stringContaining('YYYY-MM-DD') },
      { appId: app.id, date: '2026-02-30', status: 'VALIDATION_FAILED', field: 'date', message: expect.any(String) },
      { appId: app.id, date: '2026-03-11', status: 'VALIDATION_FAILED', field: 'date', message: expect.stringContaining('future') },
      { appId: app.id, date: TODAY, status: 'VALIDATION_FAILED', field: 'dau', message: expect.any(String) },
      { appId: app.id, date: TODAY, status: 'VALIDATION_FAILED', field: 'dau', message: expect.any(String) },
      { appId: app.id, date: TODAY, status: 'VALIDATION_FAILED', field: 'dau', message: expect.any(String) },
      { appId: 'app-1', date: TODAY, status: 'VALIDATION_FAILED', field: 'appId', message: expect.any(String) },
      { appId: app.id, date: TODAY, status: 'VALIDATION_FAILED', field: 'source', message: expect.any(String) },
      { appId: unknown, date: TODAY, status: 'NOT_FOUND', message: expect.any(String) },
      { appId: destroyed.id, date: TODAY, status: 'INVALID_STATE', message: expect.any(String) },
      { status: 'VALIDATION_FAILED', field: 'report', message: expect.any(String) },
      { appId: app.id, date: '2026-03-09', status: 'accepted' },
    ]);
    expect(await dauOn(app.id)).toBe(120);
    expect(await dauOn(app.id, '2026-03-09')).toBe(80);
    expect(await system.prisma.dauSnapshot.count({ where: { appId: { in: [unknown, destroyed.id] } } })).toBe(0);
  });

  it('is idempotent: a repeated or lower snapshot changes nothing', async () => {
    const app = await anApplication(system).create();
    const batch = [{ appId: app.id, date: TODAY, dau: 300 }];
    expect(await statuses(batch)).toEqual(['accepted']);
    expect(await statuses(batch)).toEqual(['unchanged']);
    expect(await statuses([{ appId: app.id, date: TODAY, dau: 250 }])).toEqual(['unchanged']);
    expect(await dauOn(app.id)).toBe(300);
    expect(await statuses([{ appId: app.id, date: TODAY, dau: 310 }])).toEqual(['accepted']);
    expect(await dauOn(app.id)).toBe(310);
  });

  it('sums the highest snapshot of each source, whatever the order', async () => {
    const app = await anApplication(system).create();
    const reports = [
      { appId: app.id, date: TODAY, dau: 200, source: 'gw-a' },
      { appId: app.id, date: TODAY, dau: 100, source: 'gw-b' },
      { appId: app.id, date: TODAY, dau: 150, source: 'gw-a' },
      { appId: app.id, date: TODAY, dau: 400, source: 'gw-b' },
      { appId: app.id, date: TODAY, dau: 5 },
    ];
    // Within a batch, the report that set its source's snapshot is the accepted one.
    expect(await statuses(reports)).toEqual(['accepted', 'unchanged', 'unchanged', 'accepted', 'accepted']);
    expect(await dauOn(app.id)).toBe(605);
    expect(await statuses([...reports].reverse())).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(await dauOn(app.id)).toBe(605);
  });

  it('keeps the sum right when requests for one app-day race from many sources', async () => {
    const app = await aPaygApp();
    // 16: the most sources one app's day takes (SPEC 16).
    const sources = Array.from({ length: 16 }, (_, i) => `gw-${i}`);
    const replies = await Promise.all(sources.map((source, i) => ingest([{ appId: app.id, date: '2026-03-09', dau: 10 + i, source }])));
    expect(replies.every((r) => r.status === 200 && results(r)[0].status === 'accepted')).toBe(true);
    expect(await dauOn(app.id, '2026-03-09')).toBe(sources.reduce((sum, _, i) => sum + 10 + i, 0));
  });

  it('keeps the highest snapshot and an exact sum when requests race on the same new snapshots', async () => {
    const app = await aPaygApp();
    const rounds = Array.from({ length: 16 }, (_, i) => [
      { appId: app.id, date: '2026-03-08', dau: 100 + i, source: 'gw-a' },
      { appId: app.id, date: '2026-03-08', dau: 200 + ((i * 7) % 16), source: 'gw-b' },
    ]);
    const replies = await Promise.all(rounds.map((reports) => ingest(reports)));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const snapshots = await system.prisma.dauSnapshot.findMany({ where: { appId: app.id }, orderBy: { source: 'asc' } });
    expect(snapshots.map((s) => [s.source, s.dau])).toEqual([
      ['gw-a', 115],
      ['gw-b', 215],
    ]);
    expect(await dauOn(app.id, '2026-03-08')).toBe(330);
    // Exactly one report set each snapshot's final value.
    const accepted = replies.flatMap(results).filter((r) => r.status === 'accepted');
    expect(accepted.length).toBeGreaterThanOrEqual(2);
  });

  it('takes 1000 reports in one request and answers them in order', async () => {
    const apps = await Promise.all(Array.from({ length: 10 }, () => aPaygApp()));
    const reports = Array.from({ length: 1000 }, (_, i) => ({
      appId: apps[i % 10].id,
      date: `2026-02-${String(1 + (Math.floor(i / 10) % 28)).padStart(2, '0')}`,
      dau: i,
      source: `s${Math.floor(i / 280)}`,
    }));
    const reply = await ingest(reports);
    expect(results(reply)).toHaveLength(1000);
    expect(results(reply).map((r) => [r.appId, r.date])).toEqual(reports.map((r) => [r.appId, r.date]));
    expect(results(reply).every((r) => r.status === 'accepted')).toBe(true);
    // 2026-02-01 of app 0: reports 0 (s0), 280 (s1), 560 (s2), 840 (s3).
    expect(await dauOn(apps[0].id, '2026-02-01')).toBe(0 + 280 + 560 + 840);
  });

  it.each([
    [{ reports: 'all of them' }, 'reports'],
    [{}, 'reports'],
    [{ reports: [], batch: 1 }, 'batch'],
    [{ reports: Array.from({ length: 1001 }, () => ({ appId: randomUUID(), date: TODAY, dau: 1 })) }, 'reports'],
    [{ reports: [{ appId: randomUUID(), date: TODAY, dau: 1, devices: 3 }] }, 'reports.0.devices'],
  ])('refuses a bad envelope %#', async (body, field) => {
    const reply = await answer(system.as(ingestKey).POST('/v1/usage/dau', { body: invalid(body) }));
    expect(reply).toMatchObject({ status: 400, error: { code: 'VALIDATION_FAILED', field } });
  });

  it('is for ingest (and admin) keys only', async () => {
    const readonlyKey = await system.newKey('readonly');
    expect((await ingest([], readonlyKey)).status).toBe(403);
    expect((await ingest([], system.adminKey)).status).toBe(200);
    const app = await anApplication(system).create();
    expect((await answer(system.as(ingestKey).GET('/v1/apps/{id}', { params: { path: { id: app.id } } }))).status).toBe(403);
  });

  describe('GET /v1/apps/:id/usage', () => {
    it('returns the days in the range and the peak of each whole month', async () => {
      const app = await aPaygApp();
      await ingest([
        { appId: app.id, date: '2026-01-20', dau: 9000 },
        { appId: app.id, date: '2026-01-31', dau: 700 },
        { appId: app.id, date: '2026-02-01', dau: 500 },
        { appId: app.id, date: '2026-02-14', dau: 1500 },
        { appId: app.id, date: '2026-02-28', dau: 800 },
        { appId: app.id, date: '2026-03-05', dau: 40 },
      ]);
      expect(await usage(app.id, { from: '2026-01-31', to: '2026-02-28' })).toEqual({
        days: [
          { date: '2026-01-31', dau: 700 },
          { date: '2026-02-01', dau: 500 },
          { date: '2026-02-14', dau: 1500 },
          { date: '2026-02-28', dau: 800 },
        ],
        monthlyPeaks: [
          { month: '2026-01', peak: 9000 },
          { month: '2026-02', peak: 1500 },
        ],
      });
      // Default: the 30 days up to today.
      expect((await usage(app.id, {}))?.days).toEqual([
        { date: '2026-02-14', dau: 1500 },
        { date: '2026-02-28', dau: 800 },
        { date: '2026-03-05', dau: 40 },
      ]);
    });

    it('validates the range and the app', async () => {
      const app = await anApplication(system).create();
      const get = (query: Record<string, string>, id = app.id) =>
        answer(system.http.GET('/v1/apps/{id}/usage', { params: { path: { id }, query: invalid(query) } }));
      expect(await get({ from: '2026-03-05', to: '2026-03-01' })).toMatchObject({ status: 400, error: { field: 'from' } });
      expect(await get({ from: 'yesterday' })).toMatchObject({ status: 400, error: { field: 'from' } });
      expect(await get({ from: '2024-01-01', to: '2026-01-01' })).toMatchObject({ status: 400, error: { field: 'from' } });
      expect(await get({ month: '3' })).toMatchObject({ status: 400, error: { field: 'month' } });
      expect(await get({}, randomUUID())).toMatchObject({ status: 404, error: { code: 'NOT_FOUND' } });
    });
  });

  describe('the free-trial limit on ingest', () => {
    const appRow = (id: string) => system.prisma.application.findUniqueOrThrow({ where: { id } });

    it('suspends a trial app in the request that takes its DAU for today over 1,000', async () => {
      const app = await anApplication(system).create();
      expect(await statuses([{ appId: app.id, date: TODAY, dau: 1000 }])).toEqual(['accepted']);
      expect((await appRow(app.id)).state).toBe('trial');
      expect(await statuses([{ appId: app.id, date: TODAY, dau: 600, source: 'gw-2' }])).toEqual(['accepted']);
      const row = await appRow(app.id);
      expect(row).toMatchObject({
        state: 'suspended',
        suspensionReason: 'trial_over_limit',
        trialSuspendedOn: new Date(`${TODAY}T00:00:00Z`),
      });
      expect(row.stateChangedAt.toISOString()).toBe(new Date(NOW).toISOString());
      expect(
        await system.prisma.appStateChange.findMany({
          where: { appId: app.id },
          select: { fromState: true, toState: true, reason: true, at: true },
        }),
      ).toEqual([{ fromState: 'trial', toState: 'suspended', reason: 'trial_over_limit', at: new Date(NOW) }]);
      const notices = await system.prisma.notification.findMany({ where: { appId: app.id } });
      expect(notices.map((n) => [n.type, n.day.toISOString().slice(0, 10)])).toEqual([['trial_cutoff', TODAY]]);
      expect((await answer(system.http.GET('/v1/apps/{id}/capabilities', { params: { path: { id: app.id } } }))).data).toMatchObject({
        push: false,
        register: true,
      });
      // A suspended app still reports (its devices still connect); nothing happens twice.
      expect(await statuses([{ appId: app.id, date: TODAY, dau: 5000 }])).toEqual(['accepted']);
      expect(await system.prisma.appStateChange.count({ where: { appId: app.id } })).toBe(1);
    });

    it('does not suspend for a past day over the limit, nor apps that are not on the trial', async () => {
      const trial = await anApplication(system).create();
      const charity = await anApplication(system).create();
      await setCharity(charity.id, true);
      await ingest([
        { appId: trial.id, date: '2026-03-09', dau: 50000 },
        { appId: charity.id, date: TODAY, dau: 50000 },
      ]);
      expect((await appRow(trial.id)).state).toBe('trial');
      expect((await appRow(charity.id)).state).toBe('active');
    });

    it('suspends at once an app returned to the trial while over the limit today', async () => {
      const app = await anApplication(system).create();
      await setCharity(app.id, true);
      await ingest([{ appId: app.id, date: TODAY, dau: 2000 }]);
      const revoked = await setCharity(app.id, false);
      expect(revoked.data).toMatchObject({
        plan: 'trial',
        state: 'suspended',
        suspensionReason: 'trial_over_limit',
        trialSuspendedOn: TODAY,
      });
    });
  });

  // Last: settling closes every day before it to the tests above.
  it('refuses reports for a settled day with DAY_CLOSED', async () => {
    const app = await aPaygApp();
    expect(await statuses([{ appId: app.id, date: '2026-03-01', dau: 10 }])).toEqual(['accepted']);
    await system.api.get(SettlementService).settleThrough('2026-03-02');
    const reply = await ingest([
      { appId: app.id, date: '2026-03-01', dau: 20 },
      { appId: app.id, date: '2026-03-02', dau: 20 },
      { appId: app.id, date: '2026-03-03', dau: 20 },
    ]);
    expect(results(reply).map((r) => r.status)).toEqual(['DAY_CLOSED', 'DAY_CLOSED', 'accepted']);
    expect(await dauOn(app.id, '2026-03-01')).toBe(10);
  });
});
