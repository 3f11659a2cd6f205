import { addDays, startOfBillingDay } from '../../apps/core/src/clock/calendar';
import { TrialLifecycleService } from '../../apps/core/src/lifecycle/trial-lifecycle.service';
import { anApplication } from '../support/builders/applications';
import { TestSystem } from '../support/system';
import { answer } from '../support/api-client';

const TZ = 'Asia/Shanghai';
const S = '2026-04-01';
const at = (date: string, time = '08:00') => new Date(`${date}T${time}:00+08:00`);
const midnight = (date: string) => startOfBillingDay(date, TZ);

/**
 * The free trial on the simulated clock: the real worker runs every tick of
 * the schedule table as the clock moves day by day.
 */
describe('the free-trial lifecycle, day by day', () => {
  let system: TestSystem;
  let ingestKey: string;
  const apps: Record<'restored' | 'destroyed' | 'lateRestored' | 'lateDestroyed' | 'quiet', string> = {} as never;

  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: at(S).toISOString(), worker: true });
    ingestKey = await system.newKey('ingest');
    for (const name of Object.keys({ restored: 0, destroyed: 0, lateRestored: 0, lateDestroyed: 0, quiet: 0 })) {
      apps[name as keyof typeof apps] = (await anApplication(system).named(name).create()).id;
    }
  }, 30_000);
  afterAll(async () => system.stop());

  const report = async (appId: string, date: string, dau: number) => {
    expect((await reportDau(appId, date, dau)).data!.results[0].status).toBe('accepted');
  };
  const reportDau = (appId: string, date: string, dau: number) =>
    answer(system.as(ingestKey).POST('/v1/usage/dau', { body: { reports: [{ appId, date, dau }] } }));
  const advanceTo = async (instant: Date) => {
    const reply = await answer(system.http.POST('/v1/clock/advance', { body: { to: instant.toISOString() } }));
    expect(reply.status).toBe(200);
  };
  const changes = async (appId: string) =>
    (await system.prisma.appStateChange.findMany({ where: { appId }, orderBy: { id: 'asc' } })).map((c) => ({
      from: c.fromState,
      to: c.toState,
      reason: c.reason,
      at: c.at.toISOString(),
    }));
  const stateOf = async (appId: string) => (await system.prisma.application.findUniqueOrThrow({ where: { id: appId } })).state;

  it('sets up two apps whose suspension the daily run only learns of late', async () => {
    // Suspended on 03-20, before the clock started: the first daily run decides from the data it finds
    // (written as a restored backup would leave it: those trial days are closed to reports).
    const usage = (appId: string, day: string, dau: number) => ({ appId, day: new Date(`${day}T00:00:00Z`), dau, updatedAt: new Date() });
    for (let offset = 1; offset <= 7; offset += 1) {
      const day = addDays('2026-03-20', offset);
      await system.prisma.dailyUsage.createMany({
        data: [usage(apps.lateRestored, day, day === '2026-03-24' ? 10 : 4000), usage(apps.lateDestroyed, day, 4000)],
      });
    }
    await system.prisma.application.updateMany({
      where: { id: { in: [apps.lateRestored, apps.lateDestroyed] } },
      data: { state: 'suspended', suspensionReason: 'trial_over_limit', trialSuspendedOn: new Date('2026-03-20T00:00:00Z') },
    });
  });

  it('suspends a trial app in the ingest request that takes today over 1,000 DAU (day S)', async () => {
    await report(apps.restored, S, 1500);
    await report(apps.destroyed, S, 2000);
    await report(apps.quiet, S, 1000);
    for (const id of [apps.restored, apps.destroyed]) {
      expect(await changes(id)).toEqual([{ from: 'trial', to: 'suspended', reason: 'trial_over_limit', at: at(S).toISOString() }]);
    }
    expect(await stateOf(apps.quiet)).toBe('trial');
  });

  it('moves day by day: restores on the first closed day at or under 1,000, destroys at 00:00 of S+8', async () => {
    // DAU per day S+1 .. S+8 (reported at 08:00 of that day).
    const restoredDau = [1500, 3000, 800, 200, 200, 200, 200, 200];
    const destroyedDau = [5000, 5000, 5000, 5000, 5000, 5000, 5000];
    for (let k = 1; k <= 8; k += 1) {
      const day = addDays(S, k);
      await advanceTo(at(day));
      // 00:00 of S+1 decided on the apps suspended earlier, from the data alone.
      if (k === 1) {
        expect(await changes(apps.lateRestored)).toEqual([
          { from: 'suspended', to: 'trial', reason: 'trial_restored', at: midnight(day).toISOString() },
        ]);
        expect(await changes(apps.lateDestroyed)).toEqual([
          { from: 'suspended', to: 'destroyed', reason: 'trial_expired', at: midnight(day).toISOString() },
        ]);
      }
      expect(await stateOf(apps.restored)).toBe(k <= 3 ? 'suspended' : 'trial');
      expect(await stateOf(apps.destroyed)).toBe(k <= 7 ? 'suspended' : 'destroyed');
      if (k <= 7) await report(apps.destroyed, day, destroyedDau[k - 1]);
      await report(apps.restored, day, restoredDau[k - 1]);
    }

    expect(await changes(apps.restored)).toEqual([
      { from: 'trial', to: 'suspended', reason: 'trial_over_limit', at: at(S).toISOString() },
      // S+3 closed with 800 DAU: restored at its close, 00:00 of S+4.
      { from: 'suspended', to: 'trial', reason: 'trial_restored', at: midnight(addDays(S, 4)).toISOString() },
    ]);
    expect(await changes(apps.destroyed)).toEqual([
      { from: 'trial', to: 'suspended', reason: 'trial_over_limit', at: at(S).toISOString() },
      { from: 'suspended', to: 'destroyed', reason: 'trial_expired', at: midnight(addDays(S, 8)).toISOString() },
    ]);
    expect(await changes(apps.quiet)).toEqual([]);
  }, 120_000);

  it('destroys the app for good: no push, no registration, no more reports; its usage and notices stay', async () => {
    const row = await system.prisma.application.findUniqueOrThrow({ where: { id: apps.destroyed } });
    expect(row).toMatchObject({ state: 'destroyed', destroyedAt: midnight(addDays(S, 8)), entitlementOverrides: {} });
    expect((await answer(system.http.GET('/v1/apps/{id}/capabilities', { params: { path: { id: apps.destroyed } } }))).data).toMatchObject({
      push: false,
      register: false,
    });
    const reply = await reportDau(apps.destroyed, addDays(S, 8), 1);
    expect(reply.data!.results[0].status).toBe('INVALID_STATE');
    expect(await system.prisma.dailyUsage.count({ where: { appId: apps.destroyed } })).toBe(8);
    const notices = await system.prisma.notification.findMany({ where: { appId: apps.destroyed }, orderBy: { createdAt: 'asc' } });
    expect(notices.map((n) => [n.type, n.day.toISOString().slice(0, 10)])).toEqual([
      ['trial_cutoff', S],
      ['destruction_notice', addDays(S, 8)],
    ]);
  });

  it('changes nothing when the jobs run again, twice at once, or late', async () => {
    const snapshot = async () => ({
      apps: await system.prisma.application.findMany({ orderBy: { id: 'asc' } }),
      changes: await system.prisma.appStateChange.findMany({ orderBy: { id: 'asc' } }),
      notices: await system.prisma.notification.count(),
    });
    const before = await snapshot();
    const trials = system.api.get(TrialLifecycleService);
    for (let k = 0; k <= 8; k += 1) {
      const day = addDays(S, k);
      await Promise.all([trials.runDay(day), trials.runDay(day), trials.sweep(day), trials.sweep(day)]);
    }
    await advanceTo(at(addDays(S, 8), '09:00'));
    expect(await snapshot()).toEqual(before);
  });

  it('has the hourly sweep suspend a trial app over the limit that ingest did not catch', async () => {
    const day = addDays(S, 8);
    // Usage written behind ingest's back (as a crashed request or a restored backup might leave it).
    await system.prisma.dailyUsage.create({
      data: { appId: apps.quiet, day: new Date(`${day}T00:00:00Z`), dau: 5000, updatedAt: new Date() },
    });
    await advanceTo(at(day, '10:30'));
    expect(await changes(apps.quiet)).toEqual([
      { from: 'trial', to: 'suspended', reason: 'trial_over_limit', at: at(day, '10:00').toISOString() },
    ]);
    const row = await system.prisma.application.findUniqueOrThrow({ where: { id: apps.quiet } });
    expect(row.trialSuspendedOn).toEqual(new Date(`${day}T00:00:00Z`));
  });

  it('closes a trial day at 00:00: a report in flight within the grace counts, a later one is DAY_CLOSED and the restore stands', async () => {
    const app = (await anApplication(system).named('late report').create()).id;
    const day = addDays(S, 8);
    await report(app, day, 1500);
    expect(await stateOf(app)).toBe('suspended');
    await advanceTo(at(addDays(day, 1)));
    await report(app, addDays(day, 1), 900);
    // The next day closed under 1,000: restored at 00:00 of the day after.
    await advanceTo(new Date(midnight(addDays(day, 2)).getTime() + 4 * 60_000));
    expect(await stateOf(app)).toBe('trial');
    await report(app, addDays(day, 1), 950);
    await advanceTo(new Date(midnight(addDays(day, 2)).getTime() + 10 * 60_000));
    const late = await reportDau(app, addDays(day, 1), 3500);
    expect(late.data!.results).toEqual([expect.objectContaining({ appId: app, date: addDays(day, 1), status: 'DAY_CLOSED' })]);
    const usage = await answer(
      system.http.GET('/v1/apps/{id}/usage', { params: { path: { id: app }, query: { from: addDays(day, 1), to: addDays(day, 1) } } }),
    );
    expect(usage.data!.days).toEqual([{ date: addDays(day, 1), dau: 950 }]);
    expect(await stateOf(app)).toBe('trial');
    expect((await changes(app)).map((c) => c.reason)).toEqual(['trial_over_limit', 'trial_restored']);
  }, 60_000);
});
