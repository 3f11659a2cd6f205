import { Injectable } from '@nestjs/common';
import { dateFromDb, dateToDb } from '../clock/calendar';
import { money } from '../money/money';
import { PrismaService } from '../prisma/prisma.service';
import type { Entitlements, Market, PartialMonthPolicy, PriceBook, Region, RegionPrices } from './price-book';

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
      entitlements: row.entitlements as unknown as Entitlements,
      regions,
    };
  }
}
