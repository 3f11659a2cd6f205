import { Injectable } from '@nestjs/common';
import { dateFromDb, dateToDb } from '../clock/calendar';
import { money } from '../money/money';
import { PrismaService } from '../prisma/prisma.service';
import type { Entitlements, Market, PartialMonthPolicy, PriceBook, Region, RegionPrices } from './price-book';

/**
 * The entitlements column as the seed wrote it, read figure by figure: a
 * version missing one is a broken price book, which must stop the read rather
 * than grant a default.
 */
function entitlementsOf(json: unknown): Entitlements {
  const value = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const count = (key: Exclude<keyof Entitlements, 'smsFallback'>): number => {
    if (typeof value[key] !== 'number') throw new Error(`price book entitlements: ${key} is missing`);
    return value[key];
  };
  if (value.smsFallback !== 'billed_separately') throw new Error('price book entitlements: smsFallback is missing');
  return {
    offlineRetentionHours: count('offlineRetentionHours'),
    offlineRetentionMaxHours: count('offlineRetentionMaxHours'),
    offlineMessagesPerDevice: count('offlineMessagesPerDevice'),
    tagsPerToken: count('tagsPerToken'),
    customTagsPerApp: count('customTagsPerApp'),
    queryApiCallsPerHour: count('queryApiCallsPerHour'),
    deviceValidityDays: count('deviceValidityDays'),
    appsPerAccount: count('appsPerAccount'),
    appsPerPlatform: count('appsPerPlatform'),
    smsFallback: value.smsFallback,
  };
}

@Injectable()
export class PriceBookRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The version in force on a billing date: the latest whose effective date is not after it. */
  async findEffectiveVersionId(date: string): Promise<string | null> {
    const row = await this.prisma.priceBookVersion.findFirst({
      where: { effectiveFrom: { lte: dateToDb(date) } },
      orderBy: { effectiveFrom: 'desc' },
      select: { id: true },
    });
    return row?.id ?? null;
  }

  async findVersion(id: string): Promise<PriceBook | null> {
    const row = await this.prisma.priceBookVersion.findUnique({
      where: { id },
      include: { regions: true, prepaidDiscounts: true, loyaltyDiscounts: true },
    });
    if (!row) return null;
    const regions = {} as Record<Region, RegionPrices>;
    for (const region of row.regions) {
      const name = region.region as Region;
      regions[name] = {
        region: name,
        market: region.market as Market,
        prepaidUnitPrice: money(region.prepaidUnitPrice.toString()),
        paygFreeMaxDau: region.paygFreeMaxDau,
        paygFixedMaxDau: region.paygFixedMaxDau,
        paygFixedDailyFee: money(region.paygFixedDailyFee.toString()),
        paygPerDauFee: money(region.paygPerDauFee.toString()),
        prepaidDiscounts: row.prepaidDiscounts
          .filter((d) => d.region === name)
          .map((d) => ({ minUnits: d.minUnits, minMonths: d.minMonths, discount: money(d.discount.toString()) })),
        loyaltyDiscounts: row.loyaltyDiscounts
          .filter((d) => d.region === name)
          .map((d) => ({ fromChargedDay: d.fromChargedDay, discount: money(d.discount.toString()) })),
      };
    }
    return {
      version: row.id,
      effectiveFrom: dateFromDb(row.effectiveFrom),
      salesStopAfter: row.salesStopAfter ? dateFromDb(row.salesStopAfter) : null,
      prepaidMonthsOnSale: row.prepaidMonthsOnSale,
      prepaidMinUnits: row.prepaidMinUnits,
      unitDau: row.unitDau,
      partialMonthPolicy: row.partialMonthPolicy as PartialMonthPolicy,
      noQuestionsRefundDays: row.noQuestionsRefundDays,
      entitlements: entitlementsOf(row.entitlements),
      regions,
    };
  }
}
