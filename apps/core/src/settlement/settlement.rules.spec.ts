import { INITIAL_PRICE_BOOK } from '../../../../prisma/seed/price-book.data';
import { money } from '../money/money';
import { chargeAccounts, daysToSettle, lastSettleableDay, planChunks, priceBills } from './settlement.rules';

const TZ = 'Asia/Shanghai';

describe('lastSettleableDay', () => {
  it.each([
    ['2026-06-02T05:59:59+08:00', '2026-05-31'],
    ['2026-06-02T06:00:00+08:00', '2026-06-01'],
    ['2026-06-02T23:59:59+08:00', '2026-06-01'],
    // 06:00 in Shanghai is 22:00 UTC the day before: the UTC date must not leak in.
    ['2026-06-01T22:00:00Z', '2026-06-01'],
    ['2026-06-01T21:59:59Z', '2026-05-31'],
  ])('at %s is %s', (now, day) => {
    expect(lastSettleableDay(new Date(now), TZ)).toBe(day);
  });
});

describe('daysToSettle', () => {
  it('settles only the target on the very first run', () => {
    expect(daysToSettle(null, '2026-06-01')).toEqual(['2026-06-01']);
  });
  it('catches up every missed day in order, across a month end', () => {
    expect(daysToSettle('2026-05-29', '2026-06-02')).toEqual(['2026-05-30', '2026-05-31', '2026-06-01', '2026-06-02']);
  });
  it('has nothing to do when the target is closed', () => {
    expect(daysToSettle('2026-06-02', '2026-06-01')).toEqual([]);
  });
});

describe('planChunks', () => {
  const ids = ['a', 'b', 'c', 'd', 'e'];
  it('covers every account, including ones below the first and above the last', () => {
    expect(planChunks(ids, 2)).toEqual([
      { after: null, upTo: 'b' },
      { after: 'b', upTo: 'd' },
      { after: 'd', upTo: null },
    ]);
  });
  it('plans one open chunk when there is no account yet', () => {
    expect(planChunks([], 2)).toEqual([{ after: null, upTo: null }]);
  });
  it('plans one open chunk when all fit', () => {
    expect(planChunks(ids, 10)).toEqual([{ after: null, upTo: null }]);
  });
});

describe('priceBills', () => {
  const app = { appId: 'x', accountId: 'acc', region: 'ap-singapore' as const };
  it('moves the loyalty counter on charged days only', () => {
    const [free, charged, discounted] = priceBills(INITIAL_PRICE_BOOK, [
      { ...app, dau: 1000, chargedDays: 180 },
      { ...app, dau: 1001, chargedDays: 179 },
      { ...app, dau: 70000, chargedDays: 180 },
    ]);
    expect(free).toMatchObject({ chargedDay: null, chargedDaysTotal: 180 });
    expect(free.amount.toFixed(2)).toBe('0.00');
    expect(charged).toMatchObject({ chargedDay: 180, chargedDaysTotal: 180 });
    expect(charged.amount.toFixed(2)).toBe('15.20');
    // Day 181 earns the 0.8 discount: 70,000 x 0.00152 x 0.8.
    expect(discounted).toMatchObject({ chargedDay: 181, chargedDaysTotal: 181 });
    expect(discounted.amount.toFixed(2)).toBe('85.12');
  });
});

describe('chargeAccounts', () => {
  const bill = (accountId: string, amount: string) => ({
    appId: `${accountId}-${amount}`,
    accountId,
    region: 'ap-guangzhou' as const,
    dau: 0,
    chargedDay: 1,
    chargedDaysTotal: 1,
    amount: money(amount),
  });
  it("sums an account's bills and takes gift credit first, then cash (which may go negative)", () => {
    const charges = chargeAccounts(
      [bill('a', '32.00'), bill('a', '128.00'), bill('b', '32.00'), bill('c', '0.00')],
      new Map([
        ['a', money('100.00')],
        ['b', money('50.00')],
      ]),
    );
    expect(charges.map((c) => [c.accountId, c.total.toFixed(2), c.gift.toFixed(2), c.cash.toFixed(2)])).toEqual([
      ['a', '160.00', '100.00', '60.00'],
      ['b', '32.00', '32.00', '0.00'],
    ]);
  });
});
