import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdviceService } from '../../../core/src/advice/advice.service';
import { READERS } from '../../../core/src/auth/roles';
import { DomainError } from '../../../core/src/errors/domain-error';
import { QuoteRequest, QuoteService } from '../../../core/src/pricing/quote.service';
import { RefundService } from '../../../core/src/refunds/refund.service';
import { UpgradeService } from '../../../core/src/subscriptions/upgrade.service';
import { Roles } from '../auth/roles.decorator';
import { planAdviceJson } from '../advice/advice.json';
import { priced } from '../common/serialize';
import { QUOTE_FIELDS, QuoteDto } from './quote.dto';

@ApiTags('quotes')
@ApiBearerAuth()
@Controller('v1/quotes')
export class QuotesController {
  constructor(
    private readonly quotes: QuoteService,
    private readonly upgrades: UpgradeService,
    private readonly refunds: RefundService,
    private readonly advice: AdviceService,
  ) {}

  /** A price preview: writes nothing, so every reader may ask. */
  @Post()
  @HttpCode(200)
  @Roles(...READERS)
  async quote(@Body() body: QuoteDto) {
    const given = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
    const stray = Object.keys(given).find((field) => !QUOTE_FIELDS[body.kind].includes(field));
    if (stray) throw DomainError.validation(stray, `${stray} is not a field of a ${body.kind} quote`);
    // By reference: the subscription's or order's own figures, refused as the real upgrade or refund would be.
    if (body.kind === 'upgrade' && body.subscriptionId) return priced(await this.upgrades.quote(body.subscriptionId, body.units!));
    if (body.kind === 'refund' && body.orderId) return priced(await this.refunds.quote(body.orderId, body.type!));
    // Plan advice answers its own shape (SPEC.md 12.1), not {amount, breakdown}.
    if (body.kind === 'advice') return planAdviceJson(await this.advice.forSeries(body.region!, body.dailyDau!, body.chargedDays));
    return priced(await this.quotes.quote(given as QuoteRequest));
  }
}
