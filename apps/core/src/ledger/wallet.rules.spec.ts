import { money } from '../money/money';
import { availableBalance, isInArrears, watchWallet, WalletFlags } from './wallet.rules';

const balances = (cash: string, gift = '0', frozen = '0') => ({ cash: money(cash), gift: money(gift), frozen: money(frozen) });
const clear: WalletFlags = { arrearsSince: null, lowBalanceSince: null };
const earlier = new Date('2026-01-01T00:00:00Z');
const now = new Date('2026-01-02T00:00:00Z');

describe('wallet rules', () => {
  it('counts cash and gift as available, and frozen funds against arrears', () => {
    expect(availableBalance(balances('10', '5', '100')).toFixed(2)).toBe('15.00');
    expect(isInArrears(balances('-10', '5', '5'))).toBe(false);
    expect(isInArrears(balances('-10', '5', '4.99'))).toBe(true);
  });

  it('enters arrears below zero, keeps the first instant, and leaves at zero', () => {
    expect(watchWallet(balances('-0.01'), clear, null, now)).toEqual({
      flags: { arrearsSince: now, lowBalanceSince: null },
      enteredArrears: true,
      droppedBelowThreshold: false,
    });
    const still = watchWallet(balances('-50'), { ...clear, arrearsSince: earlier }, null, now);
    expect(still).toMatchObject({ flags: { arrearsSince: earlier }, enteredArrears: false });
    expect(watchWallet(balances('0'), { ...clear, arrearsSince: earlier }, null, now).flags.arrearsSince).toBeNull();
  });

  it('alerts once when the available balance drops below the threshold, until it recovers', () => {
    const threshold = money('100');
    expect(watchWallet(balances('100'), clear, threshold, now).droppedBelowThreshold).toBe(false);
    const dropped = watchWallet(balances('60', '39.99'), clear, threshold, now);
    expect(dropped).toMatchObject({ flags: { lowBalanceSince: now }, droppedBelowThreshold: true });
    const lower = watchWallet(balances('10'), dropped.flags, threshold, new Date('2026-01-03T00:00:00Z'));
    expect(lower).toMatchObject({ flags: { lowBalanceSince: now }, droppedBelowThreshold: false });
    expect(watchWallet(balances('100'), lower.flags, threshold, now).flags.lowBalanceSince).toBeNull();
  });

  it('never alerts without a threshold', () => {
    expect(watchWallet(balances('-100'), clear, null, now).flags.lowBalanceSince).toBeNull();
  });
});
