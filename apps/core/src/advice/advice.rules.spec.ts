import { INITIAL_PRICE_BOOK as book } from '../../../../prisma/seed/price-book.data';
import { PricingRuleError } from '../pricing/pricing.rules';
import { AdviceInput, planAdvice, seriesMonths } from './advice.rules';

const days = (n: number, dau: number) => Array.from({ length: n }, () => dau);
const advise = (input: Partial<AdviceInput> & Pick<AdviceInput, 'dailyDau'>) =>
  planAdvice(book, { region: 'ap-guangzhou', chargedDaysBefore: 0, current: null, ...input });
const cost = (a: ReturnType<typeof advise>, match: object) => {
  const option = a.options.find((o) => Object.entries(match).every(([k, v]) => Reflect.get(o, k) === v));
  return option && { cost: option.cost.toFixed(2), throttledDays: option.throttledDays };
};

describe('plan advice', () => {
  it('steady 50,000 DAU domestic over 30 days: prepaid 5 units for a month, 4,000.00 against 4,800.00', () => {
    const advice = advise({ dailyDau: days(30, 50_000) });
    expect(advice.basis).toMatchObject({ days: 30, peakDau: 50_000, averageDau: 50_000, seriesMonths: 1 });
    // 30 x 0.0032 x 50,000 = 4,800; 5 units x 800 x 1 month = 4,000
    expect(cost(advice, { plan: 'payg' })).toEqual({ cost: '4800.00', throttledDays: 0 });
    expect(cost(advice, { plan: 'prepaid', units: 5, months: 1 })).toEqual({ cost: '4000.00', throttledDays: 0 });
    expect(cost(advice, { plan: 'trial' })).toBeUndefined();
    const { plan, units, months, cost: c, savings, savingsAgainst } = advice.recommendation;
    expect({ plan, units, months, cost: c.toFixed(2), savings: savings.toFixed(2), against: savingsAgainst.plan }).toEqual({
      plan: 'prepaid',
      units: 5,
      months: 1,
      cost: '4000.00',
      savings: '800.00',
      against: 'payg',
    });
  });

  it('3 days at 50,000 and 27 at 500: pay-as-you-go, 480.00; one unit would be throttled 3 days', () => {
    const advice = advise({ dailyDau: [...days(3, 50_000), ...days(27, 500)] });
    expect(advice.basis).toMatchObject({ peakDau: 50_000, averageDau: 5_450 });
    expect(cost(advice, { plan: 'payg' })).toEqual({ cost: '480.00', throttledDays: 0 });
    expect(cost(advice, { plan: 'prepaid', units: 1, months: 1 })).toEqual({ cost: '800.00', throttledDays: 3 });
    expect(advice.recommendation).toMatchObject({ plan: 'payg', throttledDays: 0 });
    expect(advice.recommendation.cost.toFixed(2)).toBe('480.00');
  });

  it('steady 5,000: prepaid 1 unit, 800.00 against 960.00', () => {
    const advice = advise({ dailyDau: days(30, 5_000) });
    expect(cost(advice, { plan: 'payg' })).toEqual({ cost: '960.00', throttledDays: 0 });
    expect(advice.recommendation).toMatchObject({ plan: 'prepaid', units: 1, months: 1 });
    expect(advice.recommendation.savings.toFixed(2)).toBe('160.00');
  });

  it('under the trial cap the trial is free and recommended', () => {
    const advice = advise({ dailyDau: days(10, 900) });
    expect(advice.recommendation.plan).toBe('trial');
    expect(advice.recommendation.cost.toFixed(2)).toBe('0.00');
  });

  it('overseas: 48 units cost more than 50 at the 0.9 discount, and the loyalty counter lowers pay-as-you-go', () => {
    // 30 days at 480,000 in ap-singapore. 48 units x 400 = 19,200; 50 units x 400 x 0.9 = 18,000.
    // payg: 0.00152 x 480,000 = 729.60 a day; days 181.. at 0.8: 583.68. Counter 170: 10 x 729.60 + 20 x 583.68 = 18,969.60
    const advice = advise({ region: 'ap-singapore', dailyDau: days(30, 480_000), chargedDaysBefore: 170 });
    expect(cost(advice, { plan: 'payg' })).toEqual({ cost: '18969.60', throttledDays: 0 });
    expect(cost(advice, { plan: 'prepaid', months: 1 })).toEqual({ cost: '18000.00', throttledDays: 0 });
    expect(advice.recommendation).toMatchObject({ plan: 'prepaid', units: 50, months: 1 });
    expect(advice.recommendation.savings.toFixed(2)).toBe('969.60');
  });

  it('measures savings against the current plan, and prices a longer duration by its purchases', () => {
    // 62 days: 2 months. 3 units x 800 = 2,400 a month, 4,800 for two purchases; 12 months once: 28,800.
    const advice = advise({ dailyDau: days(62, 30_000), current: { plan: 'prepaid', units: 5, months: 1 } });
    expect(advice.basis.seriesMonths).toBe(2);
    expect(cost(advice, { plan: 'prepaid', months: 1 })).toEqual({ cost: '4800.00', throttledDays: 0 });
    expect(cost(advice, { plan: 'prepaid', months: 12 })).toEqual({ cost: '28800.00', throttledDays: 0 });
    expect(advice.recommendation).toMatchObject({ plan: 'prepaid', units: 3, months: 1, purchases: 2 });
    // Current: 5 units x 800 x 2 purchases = 8,000
    expect(advice.recommendation.savingsAgainst).toMatchObject({ plan: 'prepaid', units: 5, months: 1 });
    expect(advice.recommendation.savings.toFixed(2)).toBe('3200.00');
  });

  it('maps days to months by the longest calendar month', () => {
    expect([7, 30, 31, 32, 62, 93, 94, 366].map(seriesMonths)).toEqual([1, 1, 1, 2, 2, 3, 4, 12]);
  });

  it.each([
    [days(6, 1), 'dailyDau'],
    [days(367, 1), 'dailyDau'],
    [[...days(7, 1), -1], 'dailyDau.7'],
    [[...days(7, 1), 1.5], 'dailyDau.7'],
  ])('refuses series %# naming its field', (dailyDau, field) => {
    expect(() => advise({ dailyDau })).toThrow(PricingRuleError);
    expect(() => advise({ dailyDau })).toThrow(expect.objectContaining({ field }));
  });
});
