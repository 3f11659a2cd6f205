import { aBareAccount, anApplication } from '../support/builders/applications';
import { query } from '../support/faults';
import { TestSystem } from '../support/system';

const DAY = '2026-04-01';
const APPS = 40;
const SOURCES = 8;

/**
 * SPEC 15: one bad report never fails another report or another request,
 * however the API groups concurrent requests into one ingest statement.
 */
describe('ingest isolation: poisoned reports among hundreds of concurrent good ones', () => {
  let system: TestSystem;
  let ingestKey: string;

  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: `${DAY}T12:00:00+08:00` });
    ingestKey = await system.newKey('ingest');
  });
  afterAll(() => system.stop());

  it('accepts every good report and the day totals are exact', async () => {
    const accountId = await aBareAccount(system);
    const apps = await Promise.all(Array.from({ length: APPS }, () => anApplication(system).forAccount(accountId).create()));
    const crowded = await anApplication(system).forAccount(accountId).onPlatform('ios').create();
    // Trial apps kept under the trial's 1,000 DAU: crossing it is another story (a suspension), not this one.
    const good = apps.flatMap((app, a) =>
      Array.from({ length: SOURCES }, (_, s) => ({ appId: app.id, date: DAY, dau: a + 3 * s + 1, source: `gateway-${s}` })),
    );
    const poisoned: unknown[] = [
      { appId: apps[0].id, date: '0000-01-01', dau: 5 },
      { appId: apps[1].id, date: DAY, dau: 5, source: 'bad\u0000source' },
      { appId: apps[2].id, date: DAY, dau: -1 },
      { appId: apps[3].id, date: DAY, dau: 1e12 },
      { appId: apps[4].id, date: DAY, dau: 1.5 },
      { appId: apps[5].id, date: '2999-12-31', dau: 5 },
      { appId: apps[6].id, date: '2026-02-30', dau: 5 },
      { appId: '00000000-0000-4000-8000-000000000000', date: DAY, dau: 5 },
      // Well formed, so they reach the shared statement: eleven sources at the largest DAU overflow the day total's column.
      ...Array.from({ length: 11 }, (_, s) => ({ appId: crowded.id, date: DAY, dau: 200_000_000, source: `huge-${s}` })),
    ];
    // Each poisoned report is sent several times, spread through the good ones, so that many shared statements carry one.
    const requests = good.map((report) => ({ report, good: true }));
    poisoned.forEach((report, p) => {
      for (let copy = 0; copy < 4; copy++)
        requests.splice(((p * 4 + copy) * 37) % requests.length, 0, { report: report as never, good: false });
    });

    const answers = await Promise.all(
      requests.map(({ report }) => system.request('POST', '/v1/usage/dau', { reports: [report] }, ingestKey)),
    );

    const goodAnswers = answers.filter((_, i) => requests[i].good);
    expect(goodAnswers).toHaveLength(APPS * SOURCES);
    for (const answer of goodAnswers) {
      expect({ status: answer.status, results: answer.body.results?.map((r: { status: string }) => r.status) ?? answer.body }).toEqual({
        status: 200,
        results: ['accepted'],
      });
    }
    for (const answer of answers.filter((_, i) => !requests[i].good)) expect(answer.status).toBeLessThan(500);

    const totals = await query<{ app_id: string; dau: number }>(
      system.databaseUrl,
      `SELECT app_id::text, dau FROM daily_usage WHERE day = $1 AND app_id = ANY ($2::uuid[])`,
      [DAY, [...apps.map((app) => app.id), crowded.id]],
    );
    const expected = new Map(
      apps.map((app, a) => [app.id, Array.from({ length: SOURCES }, (_, s) => a + 3 * s + 1).reduce((x, y) => x + y, 0)]),
    );
    // The overflowing day is held at the column's largest value rather than failing its statement.
    expected.set(crowded.id, 2_147_483_647);
    expect(new Map(totals.map((row) => [row.app_id, row.dau]))).toEqual(expected);
  });
});
