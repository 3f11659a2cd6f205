import { Clock } from '../../apps/core/src/clock/clock';
import type { SimulatedClock } from '../../apps/core/src/clock/simulated-clock';
import { LedgerService } from '../../apps/core/src/ledger/ledger.service';
import { money } from '../../apps/core/src/money/money';
import { anAccount } from '../support/builders/accounts';
import { TestSystem } from '../support/system';
import { answer } from '../support/api-client';

describe('arrears and the balance alert', () => {
  let system: TestSystem;
  let ledger: LedgerService;
  let clock: SimulatedClock;
  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: '2026-05-01T09:00:00+08:00' });
    ledger = system.api.get(LedgerService);
    clock = system.api.get(Clock) as SimulatedClock;
  });
  afterAll(async () => system.stop());

  let keys = 0;
  const charge = (accountId: string, amount: string, allowNegativeCash = true) =>
    system.prisma.$transaction((tx) =>
      ledger.pay(tx, { accountId, amount: money(amount), businessKey: `charge:${++keys}`, reference: 'test', allowNegativeCash }),
    );
  const topUp = (accountId: string, amount: string) => ledger.topUp(accountId, money(amount), 'cash', `top-up:${++keys}`);
  const flags = async (accountId: string) => {
    const row = await system.prisma.wallet.findUniqueOrThrow({ where: { accountId } });
    return { arrearsSince: row.arrearsSince?.toISOString() ?? null, lowBalanceSince: row.lowBalanceSince?.toISOString() ?? null };
  };
  const notices = async (accountId: string, type: string) =>
    (await system.prisma.notification.findMany({ where: { accountId, type }, orderBy: { day: 'asc' } })).map((n) => ({
      day: n.day.toISOString().slice(0, 10),
      resourceKey: n.resourceKey,
    }));
  const at = async (instant: string) => clock.set(new Date(instant));

  it('sets arrears_since when the balance goes below zero, keeps the first instant, and clears it when topped up', async () => {
    await at('2026-05-01T09:00:00+08:00');
    const { id } = await anAccount(system).withCash('10.00').create();
    await charge(id, '30.00');
    expect(await flags(id)).toEqual({ arrearsSince: '2026-05-01T01:00:00.000Z', lowBalanceSince: null });
    expect(await notices(id, 'arrears_notice')).toEqual([{ day: '2026-05-01', resourceKey: id }]);

    await at('2026-05-01T10:00:00+08:00');
    await charge(id, '5.00');
    expect((await flags(id)).arrearsSince).toBe('2026-05-01T01:00:00.000Z');

    await topUp(id, '24.99');
    expect((await flags(id)).arrearsSince).toBe('2026-05-01T01:00:00.000Z');
    await topUp(id, '0.01');
    expect((await flags(id)).arrearsSince).toBeNull();
    expect(await answer(system.http.GET('/v1/accounts/{id}', { params: { path: { id } } }))).toMatchObject({
      data: { wallet: { cash: '0.00', inArrears: false, arrearsSince: null } },
    });

    // Back in arrears the same day: a new arrears_since, but the day's notice is already out.
    await at('2026-05-01T23:30:00+08:00');
    await charge(id, '1.00');
    expect((await flags(id)).arrearsSince).toBe('2026-05-01T15:30:00.000Z');
    expect(await notices(id, 'arrears_notice')).toHaveLength(1);
    expect(await answer(system.http.GET('/v1/accounts/{id}', { params: { path: { id } } }))).toMatchObject({
      data: { wallet: { cash: '-1.00', available: '-1.00', inArrears: true, arrearsSince: '2026-05-01T15:30:00.000Z' } },
    });

    // 00:30 in Shanghai is still the 1st in UTC: the notice belongs to the billing date, the 2nd.
    await at('2026-05-02T00:30:00+08:00');
    await topUp(id, '1.00');
    await charge(id, '1.00');
    expect(await notices(id, 'arrears_notice')).toEqual([
      { day: '2026-05-01', resourceKey: id },
      { day: '2026-05-02', resourceKey: id },
    ]);
  });

  it('counts gift credit against arrears', async () => {
    const { id } = await anAccount(system).withGift('30.00').create();
    await charge(id, '30.00');
    expect((await flags(id)).arrearsSince).toBeNull();
    await charge(id, '0.01');
    expect((await flags(id)).arrearsSince).not.toBeNull();
  });

  it('alerts once when the available balance drops below the threshold, and again after it recovered on a later day', async () => {
    await at('2026-05-10T09:00:00+08:00');
    const { id } = await anAccount(system).withBalanceAlertThreshold('100.00').withCash('150.00').create();
    expect(await notices(id, 'balance_alert')).toEqual([]);

    await charge(id, '60.00', false);
    expect(await flags(id)).toEqual({ arrearsSince: null, lowBalanceSince: '2026-05-10T01:00:00.000Z' });
    expect(await notices(id, 'balance_alert')).toEqual([{ day: '2026-05-10', resourceKey: id }]);
    const [alert] = await system.prisma.notification.findMany({ where: { accountId: id, type: 'balance_alert' } });
    expect(alert.payload).toEqual({ available: '90.00', threshold: '100.00' });

    await charge(id, '10.00', false);
    expect(await notices(id, 'balance_alert')).toHaveLength(1);

    await topUp(id, '20.00');
    expect((await flags(id)).lowBalanceSince).toBeNull();
    await at('2026-05-10T12:00:00+08:00');
    await charge(id, '1.00', false);
    expect((await flags(id)).lowBalanceSince).toBe('2026-05-10T04:00:00.000Z');
    expect(await notices(id, 'balance_alert')).toHaveLength(1);

    await at('2026-05-11T09:00:00+08:00');
    await topUp(id, '1.00');
    await charge(id, '1.00', false);
    expect(await notices(id, 'balance_alert')).toEqual([
      { day: '2026-05-10', resourceKey: id },
      { day: '2026-05-11', resourceKey: id },
    ]);
  });

  it('does not count vouchers as available balance', async () => {
    const { id } = await anAccount(system).withBalanceAlertThreshold('10.00').withVoucher('100.00').create();
    expect((await flags(id)).lowBalanceSince).not.toBeNull();
    expect(await notices(id, 'balance_alert')).toHaveLength(1);
  });
});
