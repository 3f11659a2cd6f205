import { Injectable } from '@nestjs/common';
import type { PlanAdvice } from '../advice/advice.rules';
import { AdviceService } from '../advice/advice.service';
import type { Region } from '../pricing/price-book';
import type { Priced } from '../pricing/pricing.rules';
import { QuoteRequest, QuoteService, RefundType } from '../pricing/quote.service';
import { RefundService } from '../refunds/refund.service';
import { UpgradeService } from '../subscriptions/upgrade.service';

/** What POST /v1/quotes may ask: figures alone, or an existing subscription or order by reference, or plan advice. */
export type QuoteQuery =
  | QuoteRequest
  | { kind: 'upgrade'; subscriptionId: string; units: number }
  | { kind: 'refund'; orderId: string; type: RefundType }
  | { kind: 'advice'; region: Region; dailyDau: number[]; chargedDays?: number };

export type QuoteAnswer = { kind: 'priced'; priced: Priced<object> } | { kind: 'advice'; advice: PlanAdvice };

/** Every price preview in one place: each kind goes to the service that prices it. Writes nothing. */
@Injectable()
export class QuotesService {
  constructor(
    private readonly quotes: QuoteService,
    private readonly upgrades: UpgradeService,
    private readonly refunds: RefundService,
    private readonly advice: AdviceService,
  ) {}

  async quote(query: QuoteQuery): Promise<QuoteAnswer> {
    // By reference: the subscription's or order's own figures, refused as the real upgrade or refund would be.
    if (query.kind === 'upgrade' && 'subscriptionId' in query) {
      return { kind: 'priced', priced: await this.upgrades.quote(query.subscriptionId, query.units) };
    }
    if (query.kind === 'refund' && 'orderId' in query) {
      return { kind: 'priced', priced: await this.refunds.quote(query.orderId, query.type) };
    }
    // Plan advice answers its own shape (SPEC.md 12.1), not {amount, breakdown}.
    if (query.kind === 'advice') {
      return { kind: 'advice', advice: await this.advice.forSeries(query.region, query.dailyDau, query.chargedDays) };
    }
    return { kind: 'priced', priced: await this.quotes.quote(query) };
  }
}
