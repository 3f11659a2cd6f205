import { addDays, startOfBillingDay } from '../../apps/core/src/clock/calendar';
import { ExpiryLifecycleService } from '../../apps/core/src/subscriptions/expiry-lifecycle.service';
import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { buyPrepaid, eventually, notices, stateChanges, wallet } from '../support/prepaid';
import { randomUUID } from 'node:crypto';
import { answer } from '../support/api-client';
import { TestSystem } from '../support/system';

const TZ = 'Asia/Shanghai';
const P = '2026-02-01';
const E = '2026-03-01';
const at = (date: string, time = '08:00') => new Date(`${date}T${time}:00+08:00`).toISOString();
const midnight = (date: string) => startOfBillingDay(date, TZ).toISOString();
const dayOf = (offset: number) => addDays(E, offset);

type Name = 'lapse' | 'graceRenew' | 'autoCovered' | 'autoShort' | 'advanced';

/**
 * The prepaid expiry lifecycle on the simulated clock: the real worker runs
 * every tick of the schedule table as the clock moves day by day from the
 * purchase on P to E+16 (E = P + 1 month).
 */
describe('the prepaid expiry lifecycle, day by day', () => {
  let system: TestSystem;
  const apps = {} as Record<Name, string>;
  const accounts = {} as Record<Name, string>;
  const subscriptions = {} as Record<Name, string>;

  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: at(P, '09:00'), worker: true });
    const setups: [Name, string, boolean, boolean][] = [
      ['lapse', '800.00', false, false],
      ['graceRenew', '1600.00', false, false],
      ['autoCovered', '1600.00', true, false],
      ['autoShort', '800.00', true, false],
      ['advanced', '800.00', true, true],
    ];
    for (const [name, cash, autoRenew, neverSuspend] of setups) {
      const builder = anAccount(system).withCash(cash);
      const account = await (neverSuspend ? builder.neverSuspended() : builder).create();
      accounts[name] = account.id;
      apps[name] = (await anApplication(system).forAccount(account.id).named(name).create()).id;
      const order = await buyPrepaid(system, { accountId: account.id, appId: apps[name], units: 1, months: 1, autoRenew });
      expect(order.status).toBe(201);
      subscriptions[name] = order.data!.subscriptionId!;
    }
    await eventually(async () => expect(await system.prisma.application.count({ where: { state: 'active' } })).toBe(5));
  }, 60_000);
  afterAll(async () => system.stop());

  const advanceTo = async (instant: string) => {
    const reply = await answer(system.http.POST('/v1/clock/advance', { body: { to: instant } }));
    expect(reply.status).toBe(200);
  };
  const subscription = async (name: Name) =>
    (await answer(system.http.GET('/v1/subscriptions/{id}', { params: { path: { id: subscriptions[name] } } }))).data!;
  const appOf = async (id: string) => (await answer(system.http.GET('/v1/apps/{id}', { params: { path: { id } } }))).data!;
  const renew = (id: string, key = system.adminKey) =>
    answer(
      system.as(key).POST('/v1/subscriptions/{id}/renewals', {
        params: { path: { id }, header: { 'Idempotency-Key': randomUUID() } },
        body: { months: 1 },
      }),
    );

  it('walks an app without renewal from purchase through reminders, grace, suspension and destruction', async () => {
    // Exactly what happens to the app on each day, and nothing else.
    const expected = new Map<string, { changes: object[]; notices: [string, string][] }>();
    const on = (day: string, changes: object[], dayNotices: string[]) =>
      expected.set(day, { changes, notices: dayNotices.map((type) => [type, day]) });
    on(
      P,
      [
        { from: 'trial', to: 'deploying', reason: 'prepaid_purchased', at: at(P, '09:00') },
        { from: 'deploying', to: 'active', reason: 'provisioned', at: at(P, '09:00') },
      ],
      ['deployment_done'],
    );
    for (let k = -7; k <= -1; k += 1) on(dayOf(k), [], ['expiry_reminder']);
    on(E, [{ from: 'active', to: 'grace', reason: 'plan_expired', at: midnight(E) }], ['expiry_notice']);
    for (let k = 1; k <= 7; k += 1) on(dayOf(k), [], ['expiry_notice']);
    on(dayOf(8), [{ from: 'grace', to: 'suspended', reason: 'expired', at: midnight(dayOf(8)) }], ['suspension_notice']);
    on(dayOf(15), [{ from: 'suspended', to: 'destroyed', reason: 'expired', at: midnight(dayOf(15)) }], ['destruction_notice']);

    let seenChanges = 0;
    let seenNotices = 0;
    const checkDay = async (day: string) => {
      const changes = await stateChanges(system, apps.lapse);
      const raised = await notices(system, apps.lapse);
      expect({ day, changes: changes.slice(seenChanges), notices: raised.slice(seenNotices) }).toEqual({
        day,
        changes: expected.get(day)?.changes ?? [],
        notices: expected.get(day)?.notices ?? [],
      });
      seenChanges = changes.length;
      seenNotices = raised.length;
    };
    await checkDay(P);
    for (let day = addDays(P, 1); day <= dayOf(16); day = addDays(day, 1)) {
      await advanceTo(at(day));
      await checkDay(day);
      const state = (await answer(system.http.GET('/v1/apps/{id}/capabilities', { params: { path: { id: apps.lapse } } }))).data;
      if (day < E) expect(state).toMatchObject({ state: 'active', push: true });
      else if (day < dayOf(8)) expect(state).toMatchObject({ state: 'grace', push: true, register: true });
      else if (day < dayOf(15)) expect(state).toMatchObject({ state: 'suspended', push: false, register: true });
      else expect(state).toMatchObject({ state: 'destroyed', push: false, register: false });

      // On E+3 the graceRenew app renews itself (the console's admin key) and runs on.
      if (day === dayOf(3)) {
        const renewal = await renew(subscriptions.graceRenew);
        expect(renewal).toMatchObject({
          status: 201,
          data: { purpose: 'renewal', amount: '800.00', serviceStartsOn: E, serviceEndsOn: '2026-04-01' },
        });
      }
      // Operators restore an app suspended for expiry; ops keys may renew only that.
      if (day === dayOf(2)) {
        const ops = await system.newKey('ops');
        expect(await renew(subscriptions.autoShort, ops)).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } });
      }
      if (day === dayOf(10)) {
        expect(await appOf(apps.autoShort)).toMatchObject({
          state: 'suspended',
          suspensionReason: 'expired',
        });
        await system.http.POST('/v1/accounts/{id}/top-ups', {
          params: { path: { id: accounts.autoShort }, header: { 'Idempotency-Key': 'restore' } },
          body: { amount: '800.00', kind: 'cash' },
        });
        const ops = await system.newKey('ops');
        expect((await renew(subscriptions.autoShort, ops)).status).toBe(201);
        expect(await appOf(apps.autoShort)).toMatchObject({ state: 'active', suspensionReason: null });
      }
    }
    expect((await subscription('lapse')).status).toBe('ended');
    expect((await appOf(apps.lapse)).subscription).toBeNull();
    expect(await renew(subscriptions.lapse)).toMatchObject({ status: 409, error: { code: 'INVALID_STATE' } });
    // Financial records stay.
    expect(await system.prisma.order.count({ where: { appId: apps.lapse } })).toBe(1);
  }, 240_000);

  it('keeps an app renewed during grace running, extended from E', async () => {
    expect(await stateChanges(system, apps.graceRenew)).toEqual([
      expect.objectContaining({ to: 'deploying' }),
      expect.objectContaining({ to: 'active', reason: 'provisioned' }),
      { from: 'active', to: 'grace', reason: 'plan_expired', at: midnight(E) },
      { from: 'grace', to: 'active', reason: 'renewed', at: at(dayOf(3)) },
    ]);
    const raised = (await notices(system, apps.graceRenew)).filter(([type]) => type === 'expiry_notice').map(([, day]) => day);
    expect(raised).toEqual([E, dayOf(1), dayOf(2), dayOf(3)]);
    expect(await subscription('graceRenew')).toMatchObject({ expiresOn: '2026-04-01', status: 'active' });
    expect((await appOf(apps.graceRenew)).state).toBe('active');
  });

  it('auto-renews at E when the balance covers it: no grace, no expiry notice', async () => {
    expect((await stateChanges(system, apps.autoCovered)).map((c) => c.to)).toEqual(['deploying', 'active']);
    expect((await notices(system, apps.autoCovered)).map(([type]) => type)).not.toContain('expiry_notice');
    expect(await subscription('autoCovered')).toMatchObject({ expiresOn: '2026-04-01', autoRenew: true });
    const renewal = await system.prisma.order.findFirstOrThrow({
      where: { appId: apps.autoCovered, purpose: 'renewal' },
      include: { payment: true },
    });
    expect(renewal).toMatchObject({ createdAt: new Date(midnight(E)), serviceStartsOn: new Date(`${E}T00:00:00Z`) });
    expect(renewal.payment!.cash.toString()).toBe('800');
    expect(await wallet(system, accounts.autoCovered)).toMatchObject({ cash: '0.00', inArrears: false });
  });

  it('sends an uncovered auto-renewal to grace with the expiry notice', async () => {
    expect((await stateChanges(system, apps.autoShort)).slice(2)).toEqual([
      { from: 'active', to: 'grace', reason: 'plan_expired', at: midnight(E) },
      { from: 'grace', to: 'suspended', reason: 'expired', at: midnight(dayOf(8)) },
      { from: 'suspended', to: 'active', reason: 'renewed_by_operator', at: at(dayOf(10)) },
    ]);
    expect((await notices(system, apps.autoShort)).filter(([type]) => type === 'expiry_notice')[0]).toEqual(['expiry_notice', E]);
    expect((await subscription('autoShort')).expiresOn).toBe('2026-04-01');
  });

  it('renews a never-suspend account anyway, on money the platform advances (arrears)', async () => {
    expect((await stateChanges(system, apps.advanced)).map((c) => c.to)).toEqual(['deploying', 'active']);
    const renewal = await system.prisma.order.findFirstOrThrow({
      where: { appId: apps.advanced, purpose: 'renewal' },
      include: { payment: true },
    });
    expect(renewal.payment!.cash.toString()).toBe('800');
    expect(renewal.payment!.advanced.toString()).toBe('800');
    expect(await wallet(system, accounts.advanced)).toMatchObject({ cash: '-800.00', inArrears: true, arrearsSince: midnight(E) });
    expect((await subscription('advanced')).expiresOn).toBe('2026-04-01');
  });

  it('changes nothing when the daily job runs again, twice at once, on two workers', async () => {
    const snapshot = async () => ({
      apps: await system.prisma.application.findMany({ orderBy: { id: 'asc' } }),
      subscriptions: await system.prisma.subscription.findMany({ orderBy: { id: 'asc' } }),
      changes: await system.prisma.appStateChange.count(),
      notices: await system.prisma.notification.count(),
      orders: await system.prisma.order.count(),
      ledger: await system.prisma.ledgerTransaction.count(),
    });
    const before = await snapshot();
    const second = await system.startWorker();
    const runners = [system.api.get(ExpiryLifecycleService), second.get(ExpiryLifecycleService)];
    for (let day = P; day <= dayOf(16); day = addDays(day, 1)) {
      await Promise.all(runners.map((runner) => runner.runDay(day)));
    }
    expect(await snapshot()).toEqual(before);
  }, 60_000);
});

describe('the prepaid expiry job run by two workers at once, and late', () => {
  let system: TestSystem;
  const NOW = '2026-03-17';
  const E2 = '2026-04-17';
  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: at(NOW), worker: true });
  }, 30_000);
  afterAll(async () => system.stop());

  const buy = async (cash: string, autoRenew: boolean, months = 1) => {
    const account = await anAccount(system).withCash(cash).create();
    const app = await anApplication(system).forAccount(account.id).create();
    expect((await buyPrepaid(system, { accountId: account.id, appId: app.id, units: 1, months, autoRenew })).status).toBe(201);
    return app.id;
  };
  const moves = async (appId: string) => (await stateChanges(system, appId)).slice(2).map((c) => `${c.from}>${c.to}`);
  // The runs are called for days ahead of the clock: order by the day each notice belongs to.
  const kinds = async (appId: string) =>
    (await notices(system, appId)).sort((a, b) => a[1].localeCompare(b[1])).map(([type, day]) => `${type}@${day}`);

  it('moves each due app once and renews once, whichever worker gets there first', async () => {
    const plain = await buy('800.00', false);
    const covered = await buy('1600.00', true);
    const short = await buy('800.00', true);
    await eventually(async () => expect(await system.prisma.application.count({ where: { state: 'active' } })).toBe(3));
    const second = await system.startWorker();
    const runTwice = (day: string) =>
      Promise.all([system.api.get(ExpiryLifecycleService).runDay(day), second.get(ExpiryLifecycleService).runDay(day)]);

    await runTwice(E2);
    expect(await moves(plain)).toEqual(['active>grace']);
    expect(await moves(short)).toEqual(['active>grace']);
    expect(await moves(covered)).toEqual([]);
    expect(await system.prisma.order.count({ where: { appId: covered, purpose: 'renewal' } })).toBe(1);
    expect(await system.prisma.order.count({ where: { appId: short, purpose: 'renewal' } })).toBe(0);

    await runTwice(addDays(E2, 8));
    await runTwice(addDays(E2, 15));
    for (const appId of [plain, short]) {
      expect(await moves(appId)).toEqual(['active>grace', 'grace>suspended', 'suspended>destroyed']);
      expect(await kinds(appId)).toEqual([
        `deployment_done@${NOW}`,
        `expiry_notice@${E2}`,
        `suspension_notice@${addDays(E2, 8)}`,
        `destruction_notice@${addDays(E2, 15)}`,
      ]);
    }
    expect(await system.prisma.subscription.count({ where: { status: 'ended' } })).toBe(2);
  });

  it('catches up on every step it missed when it runs late', async () => {
    const late = await buy('1600.00', false, 2);
    await eventually(async () => expect((await system.prisma.application.findUniqueOrThrow({ where: { id: late } })).state).toBe('active'));
    const E3 = '2026-05-17';
    await system.api.get(ExpiryLifecycleService).runDay(addDays(E3, 16));
    expect(await moves(late)).toEqual(['active>grace', 'grace>suspended', 'suspended>destroyed']);
    // Only the notices of the day it ran (the reminder and expiry-notice days are past); same day: by type.
    expect(await kinds(late)).toEqual([
      `deployment_done@${NOW}`,
      `destruction_notice@${addDays(E3, 16)}`,
      `suspension_notice@${addDays(E3, 16)}`,
    ]);
  });
});
