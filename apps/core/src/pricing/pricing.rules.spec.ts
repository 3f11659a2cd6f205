import type Decimal from 'decimal.js';
import { INITIAL_PRICE_BOOK as book } from '../../../../prisma/seed/price-book.data';
import { money } from '../money/money';
import type { PriceBook, Region } from './price-book';
import {
  billableUnits,
  isWithinNoQuestionsRefundWindow,
  monthlyPrice,
  noQuestionsRefund,
  paygDailyFee,
  prepaidDiscount,
  prepaidPrice,
  PricingRuleError,
  splitRefund,
  standardRefund,
  upgradeCost,
} from './pricing.rules';

/** An amount as the API shows it; also proves the rule already rounded it to cents. */
function cents(amount: Decimal): string {
  expect(amount.decimalPlaces()).toBeLessThanOrEqual(2);
  return amount.toFixed(2);
}

function expectRuleError(run: () => unknown, field: string): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(PricingRuleError);
  expect(caught).toMatchObject({ field, code: 'VALIDATION_FAILED' });
}

const paygBook: PriceBook = { ...book, partialMonthPolicy: 'payg' };

describe('SPEC.md 2.4 worked examples', () => {
  it('prepaid ap-guangzhou 60 units 12 months is 576000.00', () => {
    expect(cents(prepaidPrice(book, 'ap-guangzhou', 60, 12).amount)).toBe('576000.00');
  });

  it('prepaid ap-singapore 10 units 1 month is 4000.00', () => {
    expect(cents(prepaidPrice(book, 'ap-singapore', 10, 1).amount)).toBe('4000.00');
  });

  it.each<[Region, number, number, string]>([
    ['ap-guangzhou', 500, 1, '0.00'],
    ['ap-guangzhou', 40000, 1, '128.00'],
    ['ap-guangzhou', 70000, 1, '224.00'],
    ['ap-singapore', 500, 1, '0.00'],
    ['ap-singapore', 40000, 1, '60.80'],
    ['ap-singapore', 70000, 90, '106.40'],
    ['ap-singapore', 70000, 181, '85.12'],
  ])('payg %s DAU %d on charged day %d is %s', (region, dau, chargedDay, expected) => {
    expect(cents(paygDailyFee(book, region, dau, chargedDay).amount)).toBe(expected);
  });

  it('standard refund of 1 unit 1 month domestic (800.00) used 10 days is 533.33', () => {
    const monthly = monthlyPrice(book, 'ap-guangzhou', 1, 1).amount;
    const refund = standardRefund(book, {
      paidCurrent: prepaidPrice(book, 'ap-guangzhou', 1, 1).amount,
      paidNotStarted: money('0'),
      monthlyPrice: monthly,
      fullMonthsUsed: 0,
      partialDaysUsed: 10,
    });
    expect(cents(refund.amount)).toBe('533.33');
  });
});

describe('billableUnits', () => {
  it.each([
    [0, 1],
    [1, 1],
    [9999, 1],
    [10000, 1],
    [10001, 2],
    [600000, 60],
    [600001, 61],
  ])('DAU %d needs %d unit(s)', (dau, units) => {
    expect(billableUnits(book, dau)).toBe(units);
  });

  it('rejects a negative or fractional DAU', () => {
    expectRuleError(() => billableUnits(book, -1), 'dau');
    expectRuleError(() => billableUnits(book, 10.5), 'dau');
  });
});

describe('prepaid discount table', () => {
  it.each([
    [49, 5, '1'],
    [49, 24, '1'],
    [50, 5, '0.9'],
    [50, 6, '0.8'],
    [50, 11, '0.8'],
    [50, 12, '0.65'],
    [50, 23, '0.65'],
    [50, 24, '0.6'],
    [50, 36, '0.6'],
    [199, 1, '0.9'],
    [199, 24, '0.6'],
    [200, 5, '0.7'],
    [200, 6, '0.65'],
    [200, 11, '0.65'],
    [200, 12, '0.6'],
    [200, 23, '0.6'],
    [200, 24, '0.5'],
  ])('overseas %d units x %d months gets %s', (units, months, discount) => {
    expect(prepaidDiscount(book.regions['ap-hongkong'], units, months).toString()).toBe(discount);
  });

  it.each([
    [1, 1],
    [200, 5],
    [200, 24],
    [1000, 36],
  ])('domestic %d units x %d months has no discount', (units, months) => {
    expect(prepaidDiscount(book.regions['ap-shanghai'], units, months).toString()).toBe('1');
  });
});

describe('prepaidPrice at every tier boundary', () => {
  it.each<[Region, number, number, string]>([
    ['ap-singapore', 49, 1, '19600.00'],
    ['ap-singapore', 50, 1, '18000.00'],
    ['ap-singapore', 199, 1, '71640.00'],
    ['ap-singapore', 200, 1, '56000.00'],
    ['ap-singapore', 50, 5, '90000.00'],
    ['ap-singapore', 50, 6, '96000.00'],
    ['ap-singapore', 50, 11, '176000.00'],
    ['ap-singapore', 50, 12, '156000.00'],
    ['ap-singapore', 50, 24, '288000.00'],
    ['ap-hongkong', 50, 36, '432000.00'],
    ['ap-hongkong', 49, 24, '470400.00'],
    ['ap-hongkong', 199, 12, '620880.00'],
    ['ap-hongkong', 200, 5, '280000.00'],
    ['ap-hongkong', 200, 6, '312000.00'],
    ['ap-hongkong', 200, 11, '572000.00'],
    ['ap-hongkong', 200, 12, '576000.00'],
    ['ap-hongkong', 200, 24, '960000.00'],
    ['ap-guangzhou', 49, 1, '39200.00'],
    ['ap-guangzhou', 50, 1, '40000.00'],
    ['ap-guangzhou', 199, 1, '159200.00'],
    ['ap-guangzhou', 200, 1, '160000.00'],
    ['ap-shanghai', 200, 5, '800000.00'],
    ['ap-shanghai', 200, 6, '960000.00'],
    ['ap-shanghai', 200, 11, '1760000.00'],
    ['ap-shanghai', 200, 12, '1920000.00'],
    ['ap-shanghai', 50, 24, '960000.00'],
    ['ap-shanghai', 200, 24, '3840000.00'],
  ])('%s %d units x %d months is %s', (region, units, months, expected) => {
    expect(cents(prepaidPrice(book, region, units, months).amount)).toBe(expected);
  });

  it('records the figures it used', () => {
    expect(prepaidPrice(book, 'ap-singapore', 50, 12).breakdown).toMatchObject({
      priceBookVersion: '2026-01',
      region: 'ap-singapore',
      units: 50,
      months: 12,
      unitPrice: money('400'),
      discount: money('0.65'),
    });
  });

  it.each([
    ['units 0', 0, 1, 'units'],
    ['non-integer units', 1.5, 1, 'units'],
    ['negative units', -3, 1, 'units'],
    ['months 13 (not on sale)', 1, 13, 'months'],
    ['months 0', 1, 0, 'months'],
    ['months 23 (not on sale)', 50, 23, 'months'],
  ])('rejects %s', (_case, units, months, field) => {
    expectRuleError(() => prepaidPrice(book, 'ap-guangzhou', units, months), field);
  });

  it('rejects an unknown region', () => {
    expectRuleError(() => prepaidPrice(book, 'eu-frankfurt' as Region, 1, 1), 'region');
  });
});

describe('monthlyPrice', () => {
  it.each<[Region, number, number, string]>([
    ['ap-guangzhou', 1, 1, '800.00'],
    ['ap-guangzhou', 200, 24, '160000.00'],
    ['ap-singapore', 50, 23, '13000.00'],
    ['ap-singapore', 50, 24, '12000.00'],
    ['ap-singapore', 200, 23, '48000.00'],
    ['ap-singapore', 200, 24, '40000.00'],
  ])('%s %d units bought for %d months costs %s a month', (region, units, months, expected) => {
    expect(monthlyPrice(book, region, units, months).amount.toFixed(2)).toBe(expected);
  });
});

describe('paygDailyFee at every band and loyalty boundary', () => {
  it.each<[Region, number, string, boolean]>([
    ['ap-guangzhou', 0, '0.00', false],
    ['ap-guangzhou', 1000, '0.00', false],
    ['ap-guangzhou', 1001, '32.00', true],
    ['ap-guangzhou', 10000, '32.00', true],
    ['ap-guangzhou', 10001, '32.00', true],
    ['ap-shanghai', 10001, '32.00', true],
    ['ap-singapore', 1000, '0.00', false],
    ['ap-singapore', 1001, '15.20', true],
    ['ap-singapore', 10000, '15.20', true],
    ['ap-singapore', 10001, '15.20', true],
    ['ap-hongkong', 10001, '15.20', true],
  ])('%s DAU %d on charged day 1 is %s (usage day: %s)', (region, dau, expected, usageDay) => {
    const fee = paygDailyFee(book, region, dau, 1);
    expect(cents(fee.amount)).toBe(expected);
    expect(fee.countsAsUsageDay).toBe(usageDay);
  });

  it.each<[Region, number, number, string]>([
    ['ap-singapore', 70000, 180, '106.40'],
    ['ap-singapore', 70000, 181, '85.12'],
    ['ap-singapore', 70000, 360, '85.12'],
    ['ap-singapore', 70000, 361, '69.16'],
    ['ap-singapore', 70000, 720, '69.16'],
    ['ap-singapore', 70000, 721, '63.84'],
    ['ap-hongkong', 5000, 180, '15.20'],
    ['ap-hongkong', 5000, 181, '12.16'],
    ['ap-hongkong', 5000, 360, '12.16'],
    ['ap-hongkong', 5000, 361, '9.88'],
    ['ap-hongkong', 5000, 720, '9.88'],
    ['ap-hongkong', 5000, 721, '9.12'],
    ['ap-guangzhou', 70000, 180, '224.00'],
    ['ap-guangzhou', 70000, 181, '224.00'],
    ['ap-guangzhou', 70000, 360, '224.00'],
    ['ap-guangzhou', 70000, 361, '224.00'],
    ['ap-guangzhou', 70000, 720, '224.00'],
    ['ap-shanghai', 5000, 721, '32.00'],
  ])('%s DAU %d on charged day %d is %s', (region, dau, chargedDay, expected) => {
    expect(cents(paygDailyFee(book, region, dau, chargedDay).amount)).toBe(expected);
  });

  it('rounds half up once, at the end: 13,750 x 0.00152 x 0.65 = 13.585 -> 13.59', () => {
    expect(cents(paygDailyFee(book, 'ap-singapore', 13750, 361).amount)).toBe('13.59');
  });

  it('a free day is free whatever the charged-day count and is not a usage day', () => {
    const fee = paygDailyFee(book, 'ap-singapore', 1000, 0);
    expect(cents(fee.amount)).toBe('0.00');
    expect(fee.countsAsUsageDay).toBe(false);
    expect(fee.breakdown).toMatchObject({ band: 'free', chargedDay: null, loyaltyDiscount: null });
  });

  it('records the band and discount it used', () => {
    expect(paygDailyFee(book, 'ap-singapore', 70000, 181).breakdown).toMatchObject({
      priceBookVersion: '2026-01',
      dau: 70000,
      band: 'per_dau',
      bandRate: money('0.00152'),
      chargedDay: 181,
      loyaltyDiscount: money('0.8'),
    });
  });

  it('rejects a bad DAU or charged day', () => {
    expectRuleError(() => paygDailyFee(book, 'ap-guangzhou', -1, 1), 'dau');
    expectRuleError(() => paygDailyFee(book, 'ap-guangzhou', 2000.5, 1), 'dau');
    expectRuleError(() => paygDailyFee(book, 'ap-guangzhou', 2000, 0), 'chargedDay');
  });
});

describe('upgradeCost', () => {
  it('prorates the monthly difference over the remaining days (domestic)', () => {
    // (20 x 800 - 10 x 800) x 100 / (365/12) = 9,600,000 / 365 = 26301.369...
    const cost = upgradeCost(book, 'ap-guangzhou', { oldUnits: 10, newUnits: 20, purchasedMonths: 12, remainingDays: 100 });
    expect(cents(cost.amount)).toBe('26301.37');
    expect(cost.breakdown).toMatchObject({ oldMonthlyPrice: money('8000'), newMonthlyPrice: money('16000') });
  });

  it('uses the discount of the purchased duration for both sizes (overseas)', () => {
    // 200 x 400 x 0.65 - 60 x 400 x 0.8 = 32,800; x 30 / (365/12) = 11,808,000 / 365 = 32350.684...
    const cost = upgradeCost(book, 'ap-singapore', { oldUnits: 60, newUnits: 200, purchasedMonths: 6, remainingDays: 30 });
    expect(cents(cost.amount)).toBe('32350.68');
    expect(cost.breakdown).toMatchObject({ oldDiscount: money('0.8'), newDiscount: money('0.65') });
  });

  it('costs nothing with no days left', () => {
    const cost = upgradeCost(book, 'ap-guangzhou', { oldUnits: 1, newUnits: 2, purchasedMonths: 1, remainingDays: 0 });
    expect(cents(cost.amount)).toBe('0.00');
  });

  it('never credits when the larger size falls into a cheaper discount row', () => {
    // 60 x 400 x 0.65 = 15,600 a month < 40 x 400 x 1 = 16,000 a month.
    const cost = upgradeCost(book, 'ap-singapore', { oldUnits: 40, newUnits: 60, purchasedMonths: 12, remainingDays: 200 });
    expect(cents(cost.amount)).toBe('0.00');
    expect(cost.breakdown.flooredAtZero).toBe(true);
  });

  it.each([
    ['the same size', 10, 10],
    ['a downgrade', 10, 5],
  ])('rejects %s', (_case, oldUnits, newUnits) => {
    expectRuleError(() => upgradeCost(book, 'ap-guangzhou', { oldUnits, newUnits, purchasedMonths: 12, remainingDays: 10 }), 'units');
  });

  it('rejects negative remaining days', () => {
    expectRuleError(
      () => upgradeCost(book, 'ap-guangzhou', { oldUnits: 1, newUnits: 2, purchasedMonths: 1, remainingDays: -1 }),
      'remainingDays',
    );
  });
});

describe('standardRefund', () => {
  const domesticMonth = { paidCurrent: money('800.00'), paidNotStarted: money('0'), monthlyPrice: money('800') };

  it('adds orders not yet started and subtracts full and partial months used', () => {
    // 2,400 + 9,600 - 1 x 800 - 15/30 x 800
    const refund = standardRefund(book, {
      paidCurrent: money('2400.00'),
      paidNotStarted: money('9600.00'),
      monthlyPrice: money('800'),
      fullMonthsUsed: 1,
      partialDaysUsed: 15,
    });
    expect(cents(refund.amount)).toBe('10800.00');
    expect(refund.breakdown).toMatchObject({ partialMonthPolicy: 'days_30', consumed: money('1200') });
  });

  it('is never below zero', () => {
    const refund = standardRefund(book, { ...domesticMonth, fullMonthsUsed: 1, partialDaysUsed: 5 });
    expect(cents(refund.amount)).toBe('0.00');
    expect(refund.breakdown.flooredAtZero).toBe(true);
  });

  it('rounds half up once, at the end: 1.00 - 1/30 x 0.45 = 0.985 -> 0.99', () => {
    const refund = standardRefund(book, {
      paidCurrent: money('1.00'),
      paidNotStarted: money('0'),
      monthlyPrice: money('0.45'),
      fullMonthsUsed: 0,
      partialDaysUsed: 1,
    });
    expect(cents(refund.amount)).toBe('0.99');
  });

  it("prices the partial month at pay-as-you-go day rates under the 'payg' policy", () => {
    // 0 (free day) + 32.00 (fixed) + 128.00 (40,000 x 0.0032)
    const refund = standardRefund(paygBook, {
      ...domesticMonth,
      fullMonthsUsed: 0,
      partialDaysUsed: 3,
      partialDaysDau: [500, 5000, 40000],
      region: 'ap-guangzhou',
    });
    expect(cents(refund.amount)).toBe('640.00');
    expect(refund.breakdown.partialMonthConsumed.toString()).toBe('160');
  });

  it("prices 'payg' days as first charged days, without loyalty discount", () => {
    // 800 - 70,000 x 0.00152 x 1
    const refund = standardRefund(paygBook, {
      ...domesticMonth,
      fullMonthsUsed: 0,
      partialDaysUsed: 1,
      partialDaysDau: [70000],
      region: 'ap-singapore',
    });
    expect(cents(refund.amount)).toBe('693.60');
  });

  it("sums 'payg' days unrounded and rounds the refund once", () => {
    // 800 - 2 x (10,001 x 0.0032) = 800 - 64.0064 = 735.9936 (rounding each day first would give 736.00)
    const refund = standardRefund(paygBook, {
      ...domesticMonth,
      fullMonthsUsed: 0,
      partialDaysUsed: 2,
      partialDaysDau: [10001, 10001],
      region: 'ap-guangzhou',
    });
    expect(cents(refund.amount)).toBe('735.99');
    expect(refund.breakdown.consumed.toString()).toBe('64.0064');
  });

  it("requires the days' DAU and the region under the 'payg' policy", () => {
    expectRuleError(
      () => standardRefund(paygBook, { ...domesticMonth, fullMonthsUsed: 0, partialDaysUsed: 2, region: 'ap-guangzhou' }),
      'partialDaysDau',
    );
    expectRuleError(
      () =>
        standardRefund(paygBook, {
          ...domesticMonth,
          fullMonthsUsed: 0,
          partialDaysUsed: 2,
          partialDaysDau: [2000],
          region: 'ap-guangzhou',
        }),
      'partialDaysDau',
    );
    expectRuleError(
      () => standardRefund(paygBook, { ...domesticMonth, fullMonthsUsed: 0, partialDaysUsed: 1, partialDaysDau: [2000] }),
      'region',
    );
  });

  it('rejects negative amounts and fractional day counts', () => {
    expectRuleError(
      () => standardRefund(book, { ...domesticMonth, paidCurrent: money('-1'), fullMonthsUsed: 0, partialDaysUsed: 0 }),
      'paidCurrent',
    );
    expectRuleError(() => standardRefund(book, { ...domesticMonth, fullMonthsUsed: 0, partialDaysUsed: 1.5 }), 'partialDaysUsed');
    expectRuleError(() => standardRefund(book, { ...domesticMonth, fullMonthsUsed: -1, partialDaysUsed: 0 }), 'fullMonthsUsed');
  });
});

describe('noQuestionsRefund', () => {
  it('returns cash and gift credit in full and keeps the voucher', () => {
    const refund = noQuestionsRefund({ cash: money('300.00'), gift: money('100.00'), voucher: money('50.00') });
    expect(cents(refund.amount)).toBe('400.00');
    expect(refund.breakdown.cash.toFixed(2)).toBe('300.00');
    expect(refund.breakdown.gift.toFixed(2)).toBe('100.00');
    expect(refund.breakdown.forfeitedVoucher.toFixed(2)).toBe('50.00');
  });

  it.each([
    [1, true],
    [5, true],
    [6, false],
  ])('on day %d after purchase (purchase day = 1) the window is open: %s', (day, open) => {
    expect(isWithinNoQuestionsRefundWindow(book, day)).toBe(open);
  });
});

describe('splitRefund', () => {
  it('splits awkward halves to the cent, the extra cent going to cash', () => {
    const split = splitRefund(money('100.01'), { cash: money('1'), gift: money('1'), voucher: money('1') });
    expect([split.cash, split.gift, split.forfeitedVoucher].map(cents)).toEqual(['50.01', '50.00', '1.00']);
  });

  it('splits the worked-example refund in the paid proportion 5:2 and forfeits the voucher', () => {
    const split = splitRefund(money('433.33'), { cash: money('500'), gift: money('200'), voucher: money('100') });
    expect([split.cash, split.gift, split.forfeitedVoucher].map(cents)).toEqual(['309.52', '123.81', '100.00']);
  });

  it('gives nothing back of an order paid only by voucher', () => {
    const split = splitRefund(money('0.00'), { cash: money('0'), gift: money('0'), voucher: money('20') });
    expect([split.cash, split.gift, split.forfeitedVoucher].map(cents)).toEqual(['0.00', '0.00', '20.00']);
  });

  it('rejects refunding money of an order paid nothing in cash or gift', () => {
    expectRuleError(() => splitRefund(money('1.00'), { cash: money('0'), gift: money('0'), voucher: money('20') }), 'amount');
  });
});
