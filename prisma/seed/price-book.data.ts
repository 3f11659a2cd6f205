import { money } from '../../apps/core/src/money/money';
import type { LoyaltyDiscountTier, PrepaidDiscountTier, PriceBook, Region, RegionPrices } from '../../apps/core/src/pricing/price-book';

/** The published list prices of SPEC.md section 2, as the first price-book version. */

// Domestic regions publish no discounts; a single neutral tier keeps the lookup uniform.
const noPrepaidDiscount = (): PrepaidDiscountTier[] => [{ minUnits: 1, minMonths: 1, discount: money('1') }];
const noLoyaltyDiscount = (): LoyaltyDiscountTier[] => [{ fromChargedDay: 1, discount: money('1') }];

const OVERSEAS_PREPAID_MONTH_COLUMNS = [1, 6, 12, 24];
const OVERSEAS_PREPAID_ROWS: Array<{ minUnits: number; discounts: string[] }> = [
  { minUnits: 1, discounts: ['1', '1', '1', '1'] },
  { minUnits: 50, discounts: ['0.9', '0.8', '0.65', '0.6'] },
  { minUnits: 200, discounts: ['0.7', '0.65', '0.6', '0.5'] },
];

const overseasPrepaidDiscounts = (): PrepaidDiscountTier[] =>
  OVERSEAS_PREPAID_ROWS.flatMap(({ minUnits, discounts }) =>
    OVERSEAS_PREPAID_MONTH_COLUMNS.map((minMonths, column) => ({
      minUnits,
      minMonths,
      discount: money(discounts[column]),
    })),
  );

const overseasLoyaltyDiscounts = (): LoyaltyDiscountTier[] => [
  { fromChargedDay: 1, discount: money('1') },
  { fromChargedDay: 181, discount: money('0.8') },
  { fromChargedDay: 361, discount: money('0.65') },
  { fromChargedDay: 721, discount: money('0.6') },
];

// Each region gets its own arrays so that editing one region's copy never leaks into another.
const domestic = (region: Region): RegionPrices => ({
  region,
  market: 'domestic',
  prepaidUnitPrice: money('800.00'),
  paygFreeMaxDau: 1000,
  paygFixedMaxDau: 10000,
  paygFixedDailyFee: money('32.00'),
  paygPerDauFee: money('0.0032'),
  prepaidDiscounts: noPrepaidDiscount(),
  loyaltyDiscounts: noLoyaltyDiscount(),
});

const overseas = (region: Region): RegionPrices => ({
  region,
  market: 'overseas',
  prepaidUnitPrice: money('400.00'),
  paygFreeMaxDau: 1000,
  paygFixedMaxDau: 10000,
  paygFixedDailyFee: money('15.20'),
  paygPerDauFee: money('0.00152'),
  prepaidDiscounts: overseasPrepaidDiscounts(),
  loyaltyDiscounts: overseasLoyaltyDiscounts(),
});

export const INITIAL_PRICE_BOOK: PriceBook = {
  version: '2026-01',
  effectiveFrom: '2026-01-01',
  salesStopAfter: null,
  prepaidMonthsOnSale: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 24, 36],
  prepaidMinUnits: 1,
  unitDau: 10000,
  partialMonthPolicy: 'days_30',
  noQuestionsRefundDays: 5,
  entitlements: {
    offlineRetentionHours: 24,
    offlineRetentionMaxHours: 72,
    offlineMessagesPerDevice: 3,
    tagsPerToken: 100,
    customTagsPerApp: 10000,
    queryApiCallsPerHour: 200,
    deviceValidityDays: 180,
    appsPerAccount: 150,
    appsPerPlatform: 50,
    smsFallback: 'billed_separately',
  },
  regions: {
    'ap-guangzhou': domestic('ap-guangzhou'),
    'ap-shanghai': domestic('ap-shanghai'),
    'ap-hongkong': overseas('ap-hongkong'),
    'ap-singapore': overseas('ap-singapore'),
  },
};
