import type Decimal from 'decimal.js';

export const REGIONS = ['ap-guangzhou', 'ap-shanghai', 'ap-hongkong', 'ap-singapore'] as const;
export type Region = (typeof REGIONS)[number];
export type Market = 'domestic' | 'overseas';

/** One cell of the prepaid discount table: applies from these units and months upward. */
export interface PrepaidDiscountTier {
  minUnits: number;
  minMonths: number;
  discount: Decimal;
}

/** One row of the pay-as-you-go loyalty table: applies from this charged day upward. */
export interface LoyaltyDiscountTier {
  fromChargedDay: number;
  discount: Decimal;
}

export interface RegionPrices {
  region: Region;
  market: Market;
  /** Per unit (10,000 DAU of monthly peak) per month. */
  prepaidUnitPrice: Decimal;
  /** A day at or below this DAU is free and is not a usage day. */
  paygFreeMaxDau: number;
  /** A day at or below this DAU (and above the free band) pays the fixed fee. */
  paygFixedMaxDau: number;
  paygFixedDailyFee: Decimal;
  /** Above the fixed band the day costs this much per DAU. */
  paygPerDauFee: Decimal;
  prepaidDiscounts: PrepaidDiscountTier[];
  loyaltyDiscounts: LoyaltyDiscountTier[];
}

/** How the standard refund prices the partial month in use (SPEC.md 9). */
export type PartialMonthPolicy = 'days_30' | 'payg';

export interface Entitlements {
  offlineRetentionHours: number;
  offlineRetentionMaxHours: number;
  offlineMessagesPerDevice: number;
  tagsPerToken: number;
  customTagsPerApp: number;
  queryApiCallsPerHour: number;
  deviceValidityDays: number;
  appsPerAccount: number;
  appsPerPlatform: number;
  smsFallback: 'billed_separately';
}

/** One published version of the price book; charges record `version`. */
export interface PriceBook {
  version: string;
  /** YYYY-MM-DD in the billing time zone. */
  effectiveFrom: string;
  /** Accounts that never bought a paid plan cannot buy one after this date (null: never). */
  salesStopAfter: string | null;
  prepaidMonthsOnSale: number[];
  prepaidMinUnits: number;
  /** DAU bought by one unit. */
  unitDau: number;
  partialMonthPolicy: PartialMonthPolicy;
  noQuestionsRefundDays: number;
  entitlements: Entitlements;
  regions: Record<Region, RegionPrices>;
}
