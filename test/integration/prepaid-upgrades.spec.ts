import { randomUUID } from 'node:crypto';
import { addDays } from '../../apps/core/src/clock/calendar';
import { ExpiryLifecycleService } from '../../apps/core/src/subscriptions/expiry-lifecycle.service';
import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { buyPrepaid, eventually, notices } from '../support/prepaid';
import { answer, invalid } from '../support/api-client';
import { TestSystem } from '../support/system';

const P = '2026-03-01';
const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`).toISOString();

describe('upgrades and over-quota throttling of prepaid plans', () => {
  let system: TestSystem;
  let ingestKey: string;
  let accountId: string;
  const plans: Record<'upgraded' | 'quota' | 'missed', { appId: string; subscriptionId: string }> = {} as never;

  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: at(P), worker: true });
    ingestKey = await system.newKey('ingest');
    accountId = (await anAccount(system).withCash('20000.00').create()).id;
    for (const name of ['upgraded', 'quota', 'missed'] as const) {
      const app = await anApplication(system).forAccount(accountId).inRegion('ap-guangzhou').create();
      const order = await buyPrepaid(system, { accountId, appId: app.id, units: 1, months: 1 });
      plans[name] = { appId: app.id, subscriptionId: order.data!.subscriptionId! };
    }
    await eventually(async () => expect(await system.prisma.application.count({ where: { state: 'active' } })).toBe(3));
  }, 60_000);
  afterAll(async () => system.stop());

  const advanceTo = async (instant: string) =>
    expect((await answer(system.http.POST('/v1/clock/advance', { body: { to: instant } }))).status).toBe(200);
  const report = async (appId: string, date: string, dau: number) =>
    expect(
      (await answer(system.as(ingestKey).POST('/v1/usage/dau', { body: { reports: [{ appId, date, dau }] } }))).data!.results[0].status,
    ).toBe('accepted');
  const throttled = async (id: string) =>
    (await answer(system.http.GET('/v1/apps/{id}/capabilities', { params: { path: { id } } }))).data!.throttled;
  const freshKey = () => ({ 'Idempotency-Key': randomUUID() });
  const upgrade = (id: string, units: number) =>
    answer(system.http.POST('/v1/subscriptions/{id}/upgrades', { params: { path: { id }, header: freshKey() }, body: { units } }));
  const patch = (id: string, autoRenew: boolean) =>
    answer(system.http.PATCH('/v1/subscriptions/{id}', { params: { path: { id } }, body: { autoRenew } }));
  const warnings = async (appId: string) =>
    (await notices(system, appId)).filter(([type]) => type === 'over_quota_warning').map(([, day]) => day);

  it('throttles a prepaid app over units x 10,000 DAU at ingest and warns its account once that day', async () => {
    await report(plans.quota.appId, P, 10_000);
    expect(await throttled(plans.quota.appId)).toBe(false);
    await report(plans.quota.appId, P, 12_000);
    expect(await throttled(plans.quota.appId)).toBe(true);
    expect((await answer(system.http.GET('/v1/apps/{id}', { params: { path: { id: plans.quota.appId } } }))).data!.throttled).toBe(true);
    await report(plans.quota.appId, P, 13_000);
    expect(await warnings(plans.quota.appId)).toEqual([P]);
  });

  it('lifts the throttle at the close of the first day back under quota', async () => {
    // 03-01 closed over quota: still throttled on 03-02, warned again.
    await advanceTo(at(addDays(P, 1), '08:00'));
    expect(await throttled(plans.quota.appId)).toBe(true);
    expect(await warnings(plans.quota.appId)).toEqual([P, addDays(P, 1)]);
    await report(plans.quota.appId, addDays(P, 1), 5_000);
    // 03-02 closed under quota: lifted at 00:00 of 03-03, no warning.
    await advanceTo(at(addDays(P, 2), '08:00'));
    expect(await throttled(plans.quota.appId)).toBe(false);
    expect(await warnings(plans.quota.appId)).toEqual([P, addDays(P, 1)]);
  });

  it('has the hourly sweep throttle an app that ingest missed', async () => {
    const today = addDays(P, 2);
    await system.prisma.dailyUsage.create({
      data: { appId: plans.missed.appId, day: new Date(`${today}T00:00:00Z`), dau: 30_000, updatedAt: new Date() },
    });
    expect(await system.api.get(ExpiryLifecycleService).sweep(today)).toEqual({ overQuota: 1, provisioning: 0 });
    expect(await throttled(plans.missed.appId)).toBe(true);
    expect(await warnings(plans.missed.appId)).toEqual([today]);
    expect(await system.api.get(ExpiryLifecycleService).sweep(today)).toEqual({ overQuota: 0, provisioning: 0 });
  });

  it('prices an upgrade at the monthly difference for the days left to E, keeps E, and bills renewals at the new size', async () => {
    // 03-11: 21 days left until E = 04-01. (2400 - 800) x 21 / (365/12) = 1104.657... -> 1104.66
    await advanceTo(at(addDays(P, 10)));
    const { subscriptionId, appId } = plans.upgraded;
    await report(appId, addDays(P, 10), 15_000);
    expect(await throttled(appId)).toBe(true);

    const quote = await answer(system.http.POST('/v1/quotes', { body: { kind: 'upgrade', subscriptionId, units: 3 } }));
    expect(quote).toMatchObject({
      status: 200,
      data: { amount: '1104.66', breakdown: { oldUnits: 1, newUnits: 3, remainingDays: 21, expiresOn: '2026-04-01' } },
    });
    expect(await upgrade(subscriptionId, 3)).toMatchObject({
      status: 201,
      data: {
        purpose: 'upgrade',
        amount: '1104.66',
        units: 3,
        months: null,
        serviceStartsOn: addDays(P, 10),
        serviceEndsOn: '2026-04-01',
        payments: [{ cash: '1104.66' }],
      },
    });
    expect((await answer(system.http.GET('/v1/subscriptions/{id}', { params: { path: { id: subscriptionId } } }))).data).toMatchObject({
      units: 3,
      months: 1,
      expiresOn: '2026-04-01',
    });
    // 15,000 DAU is within 3 units: the throttle is lifted at once.
    expect(await throttled(appId)).toBe(false);

    expect(await upgrade(subscriptionId, 2)).toMatchObject({ status: 400, error: { code: 'VALIDATION_FAILED', field: 'units' } });
    expect(await upgrade(subscriptionId, 3)).toMatchObject({ status: 400, error: { field: 'units' } });
    const renewal = await answer(
      system.http.POST('/v1/subscriptions/{id}/renewals', {
        params: { path: { id: subscriptionId }, header: freshKey() },
        body: { months: 1 },
      }),
    );
    expect(renewal.data).toMatchObject({ amount: '2400.00', units: 3, serviceStartsOn: '2026-04-01', serviceEndsOn: '2026-05-01' });
  });

  it('turns auto-renewal on and off', async () => {
    const { subscriptionId } = plans.quota;
    expect(await patch(subscriptionId, true)).toMatchObject({
      status: 200,
      data: { id: subscriptionId, appId: plans.quota.appId, units: 1, months: 1, startsOn: P, expiresOn: '2026-04-01', autoRenew: true },
    });
    expect(await patch(subscriptionId, invalid('yes'))).toMatchObject({
      status: 400,
      error: { field: 'autoRenew' },
    });
    expect((await patch(randomUUID(), false)).status).toBe(404);
  });
});
