import { Injectable } from '@nestjs/common';
import { money } from '../money/money';
import type { Region } from './price-book';
import { PriceBookService } from './price-book.service';
import { Priced, monthlyPrice, noQuestionsRefund, paygDailyFee, prepaidPrice, standardRefund, upgradeCost } from './pricing.rules';

export type QuoteRequest =
  | { kind: 'prepaid'; region: Region; units: number; months: number }
  | { kind: 'payg'; region: Region; dau: number; chargedDay?: number }
  | { kind: 'upgrade'; region: Region; fromUnits: number; units: number; months: number; remainingDays: number }
  | { kind: 'refund'; type: RefundType; region: Region; units: number; months: number; usedMonths?: number; usedDays: number };

export type RefundType = 'no-questions' | 'standard';

/**
 * Prices what an account is about to buy or get back, with the price book in
 * force today, from figures alone (the upgrade and refund kinds of a
 * hypothetical plan). Quotes of an existing subscription or order are priced
 * by UpgradeService and RefundService, which read them.
 */
@Injectable()
export class QuoteService {
  constructor(private readonly priceBooks: PriceBookService) {}

  async quote(request: QuoteRequest): Promise<Priced<object>> {
    const book = await this.priceBooks.effectiveOn();
    switch (request.kind) {
      case 'prepaid':
        return prepaidPrice(book, request.region, request.units, request.months);
      case 'payg':
        return paygDailyFee(book, request.region, request.dau, request.chargedDay ?? 1);
      case 'upgrade':
        return upgradeCost(book, request.region, {
          oldUnits: request.fromUnits,
          newUnits: request.units,
          purchasedMonths: request.months,
          remainingDays: request.remainingDays,
        });
      case 'refund': {
        const paid = prepaidPrice(book, request.region, request.units, request.months).amount;
        if (request.type === 'no-questions') {
          return noQuestionsRefund({ cash: paid, gift: money(0), voucher: money(0) });
        }
        return standardRefund(book, {
          paidCurrent: paid,
          paidNotStarted: money(0),
          monthlyPrice: monthlyPrice(book, request.region, request.units, request.months).amount,
          fullMonthsUsed: request.usedMonths ?? 0,
          partialDaysUsed: request.usedDays,
          region: request.region,
        });
      }
    }
  }
}
