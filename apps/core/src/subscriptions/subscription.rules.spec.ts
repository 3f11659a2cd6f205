import { INITIAL_PRICE_BOOK as book } from '../../../../prisma/seed/price-book.data';
import type { Application } from '../applications/application.types';
import { money } from '../money/money';
import { expiryWindows } from './expiry.rules';
import {
  addMonths,
  advancedCash,
  isSalesClosed,
  purchaseRefusal,
  remainingDays,
  renewalRefusal,
  upgradeRefusal,
} from './subscription.rules';
import type { Subscription } from './subscription.types';

const app = (over: Partial<Application> = {}): Application =>
  ({ id: 'app', accountId: 'acc', plan: 'trial', state: 'trial', suspensionReason: null, ...over }) as Application;
const subscription = (over: Partial<Subscription> = {}): Subscription =>
  ({ id: 'sub', status: 'active', startsOn: '2026-03-01', expiresOn: '2026-04-01', units: 1, purchasedMonths: 1, ...over }) as Subscription;

describe('prepaid rules', () => {
  it('adds calendar months, clamping to the end of a shorter month', () => {
    expect(addMonths('2026-03-10', 1)).toBe('2026-04-10');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
  });

  it('sells to trial apps (running or cut off) and to refunded prepaid apps only', () => {
    expect(purchaseRefusal(app(), false)).toBeNull();
    expect(purchaseRefusal(app({ state: 'suspended', suspensionReason: 'trial_over_limit' }), false)).toBeNull();
    expect(purchaseRefusal(app({ plan: 'prepaid', state: 'suspended', suspensionReason: 'refunded' }), false)).toBeNull();
    expect(purchaseRefusal(app({ plan: 'prepaid', state: 'suspended', suspensionReason: 'refunded' }), true)).toMatch(
      /already has a prepaid plan/,
    );
    expect(purchaseRefusal(app({ plan: 'prepaid', state: 'grace' }), true)).toMatch(/renew or upgrade/);
    expect(purchaseRefusal(app({ plan: 'payg', state: 'active' }), false)).toMatch(/pay-as-you-go/);
    expect(purchaseRefusal(app({ plan: 'charity', state: 'active' }), false)).toMatch(/charity/);
    expect(purchaseRefusal(app({ state: 'destroyed' }), false)).toMatch(/destroyed/);
  });

  it('closes sales after the stop date to accounts that never bought', () => {
    const stopping = { ...book, salesStopAfter: '2026-06-30' };
    expect(isSalesClosed(book, '2030-01-01', null)).toBe(false);
    expect(isSalesClosed(stopping, '2026-06-30', null)).toBe(false);
    expect(isSalesClosed(stopping, '2026-07-01', null)).toBe(true);
    expect(isSalesClosed(stopping, '2026-07-01', new Date('2026-01-01'))).toBe(false);
  });

  it('lets the console (admin) renew a running plan or one in grace, and operators restore one suspended for expiry', () => {
    for (const state of ['deploying', 'active', 'grace'] as const) {
      expect(renewalRefusal(subscription(), app({ plan: 'prepaid', state }), 'admin')).toBeNull();
      expect(renewalRefusal(subscription(), app({ plan: 'prepaid', state }), 'ops')).toMatchObject({ code: 'FORBIDDEN' });
    }
    const suspended = app({ plan: 'prepaid', state: 'suspended', suspensionReason: 'expired' });
    expect(renewalRefusal(subscription(), suspended, 'admin')).toBeNull();
    expect(renewalRefusal(subscription(), suspended, 'ops')).toBeNull();
    expect(
      renewalRefusal(subscription(), app({ plan: 'prepaid', state: 'suspended', suspensionReason: 'refunded' }), 'admin'),
    ).toMatchObject({ code: 'INVALID_STATE' });
    expect(renewalRefusal(subscription({ status: 'ended' }), app({ plan: 'prepaid', state: 'destroyed' }), 'admin')).toMatchObject({
      code: 'INVALID_STATE',
    });
  });

  it('upgrades only a running plan before E', () => {
    const running = app({ plan: 'prepaid', state: 'active' });
    expect(upgradeRefusal(subscription(), running, '2026-03-31')).toBeNull();
    expect(upgradeRefusal(subscription(), running, '2026-04-01')).toMatchObject({ code: 'INVALID_STATE' });
    expect(upgradeRefusal(subscription(), app({ plan: 'prepaid', state: 'grace' }), '2026-03-20')).toMatchObject({ code: 'INVALID_STATE' });
    expect(upgradeRefusal(subscription({ status: 'refunded' }), running, '2026-03-20')).toMatchObject({ code: 'INVALID_STATE' });
    expect(remainingDays('2026-03-11', '2026-04-01')).toBe(21);
    expect(remainingDays('2026-04-03', '2026-04-01')).toBe(0);
  });

  it('counts as advanced the cash a payment took below zero', () => {
    expect(advancedCash(money(800), money(200)).toFixed(2)).toBe('0.00');
    expect(advancedCash(money(800), money(-300)).toFixed(2)).toBe('300.00');
    expect(advancedCash(money(800), money(-1000)).toFixed(2)).toBe('800.00');
  });

  it('finds the expiry dates due for each step of a day', () => {
    expect(expiryWindows('2026-03-10')).toEqual({
      remindFrom: '2026-03-11',
      remindTo: '2026-03-17',
      expiredBy: '2026-03-10',
      noticeFrom: '2026-03-03',
      suspendBy: '2026-03-02',
      destroyBy: '2026-02-23',
    });
  });
});
