import { TrialForecastService } from '../../apps/core/src/advice/trial-forecast.service';
import { addDays } from '../../apps/core/src/clock/calendar';
import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { answer } from '../support/api-client';
import { TestSystem } from '../support/system';

describe('trial-cutoff forecast', () => {
  let system: TestSystem;
  let ingestKey: string;
  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: '2026-03-01T12:00:00+08:00', worker: true });
    ingestKey = await system.newKey('ingest');
  });
  afterAll(async () => system.stop());

  const report = async (appId: string, date: string, dau: number) =>
    expect((await answer(system.as(ingestKey).POST('/v1/usage/dau', { body: { reports: [{ appId, date, dau }] } }))).status).toBe(200);
  const nextNoon = async (date: string) =>
    expect((await answer(system.http.POST('/v1/clock/advance', { body: { to: `${addDays(date, 1)}T12:00:00+08:00` } }))).status).toBe(200);
  const getApp = (id: string) => answer(system.http.GET('/v1/apps/{id}', { params: { path: { id } } }));
  const forecastOf = async (appId: string) => (await getApp(appId)).data!.trialForecast;
  const warnings = async (accountId: string) => {
    const page = (await answer(system.http.GET('/v1/accounts/{id}/messages', { params: { path: { id: accountId } } }))).data!;
    return page.items.filter((m) => m.type === 'trial_cutoff_forecast');
  };

  it('projects the cutoff from the trend of closed days, warns the account once when it is 3 days away, and clears when DAU falls', async () => {
    const { id: accountId } = await anAccount(system).withEmail('owner@rising.example').create();
    const rising = (await anApplication(system).forAccount(accountId).named('Rising').create()).id;
    const flat = (await anApplication(system).forAccount(accountId).named('Flat').create()).id;

    // Two closed days make no trend.
    for (const [date, dau] of [
      ['2026-03-01', 400],
      ['2026-03-02', 500],
    ] as const) {
      await report(rising, date, dau);
      await report(flat, date, 600);
      await nextNoon(date);
    }
    expect(await forecastOf(rising)).toBeNull();

    // 03-03 at 600: +100 a day from 400 on 03-01; 1,000 on 03-07 is not over, 1,100 on 03-08 is. On 03-04 that is 4 days away: no notice.
    await report(rising, '2026-03-03', 600);
    await report(flat, '2026-03-03', 600);
    await nextNoon('2026-03-03');
    expect(await forecastOf(rising)).toEqual({
      projectedCutoffDate: '2026-03-08',
      basis: { from: '2026-03-01', to: '2026-03-03', days: 3, latestDau: 600, slopePerDay: 100, projectedDau: 1100 },
    });
    expect(await forecastOf(flat)).toBeNull();
    expect(await warnings(accountId)).toEqual([]);

    // 03-04 at 700: still 03-08, now 3 days after 03-05: the 00:00 run of 03-05 warns the account.
    await report(rising, '2026-03-04', 700);
    await nextNoon('2026-03-04');
    const [warning, ...more] = await warnings(accountId);
    expect(more).toEqual([]);
    expect(warning).toMatchObject({ appId: rising, day: '2026-03-05', title: 'Free trial: cutoff expected on 2026-03-08' });

    // 03-05 at 800: the same approach, no second notice (and a second run of the day changes nothing).
    await report(rising, '2026-03-05', 800);
    await nextNoon('2026-03-05');
    expect((await forecastOf(rising))!.projectedCutoffDate).toBe('2026-03-08');
    expect(await system.api.get(TrialForecastService).runDay('2026-03-06')).toEqual({ warned: [], rearmed: 0 });
    expect(await warnings(accountId)).toHaveLength(1);

    // 03-06 at 100: the trend turns down; the forecast is gone and the approach re-armed.
    await report(rising, '2026-03-06', 100);
    await nextNoon('2026-03-06');
    expect(await forecastOf(rising)).toBeNull();
    expect(await system.prisma.trialForecastAlert.count()).toBe(0);
    expect(await warnings(accountId)).toHaveLength(1);
  }, 600_000);

  it('shows no forecast on apps that are not running trials', async () => {
    const { id: accountId } = await anAccount(system).withCash('100.00').create();
    const app = (await anApplication(system).forAccount(accountId).create()).id;
    await system.http.POST('/v1/orders/payg', {
      params: { header: { 'Idempotency-Key': 'forecast-payg' } },
      body: { accountId, appIds: [app] },
    });
    expect(await getApp(app)).toMatchObject({ status: 200, data: { plan: 'payg', trialForecast: null } });
  });

  it('reaches the creator and resource collaborators by email by default', async () => {
    const { id: accountId } = await anAccount(system).create();
    const { subscriptions } = (
      await answer(system.http.GET('/v1/accounts/{id}/notification-subscriptions', { params: { path: { id: accountId } } }))
    ).data!;
    expect(subscriptions.filter((s) => s.type === 'trial_cutoff_forecast').map((s) => [s.role, s.channels])).toEqual([
      ['creator', ['email']],
      ['resource', ['email']],
      ['finance', []],
    ]);
  });
});
