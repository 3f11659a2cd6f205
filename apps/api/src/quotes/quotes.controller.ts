import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { AdviceService } from '../../../core/src/advice/advice.service';
import { READERS } from '../../../core/src/auth/roles';
import { DomainError } from '../../../core/src/errors/domain-error';
import { QuoteRequest, QuoteService } from '../../../core/src/pricing/quote.service';
import { RefundService } from '../../../core/src/refunds/refund.service';
import { UpgradeService } from '../../../core/src/subscriptions/upgrade.service';
import { Roles } from '../auth/roles.decorator';
import { planAdviceJson } from '../advice/advice.json';
import { priced } from '../common/serialize';
import { ApiDoc, ApiErrors } from '../common/openapi/decorators';
import { QUOTE_FIELDS, QuoteDto } from './quote.dto';
import { QuoteResponseDto } from './quote.response';
import { AccountScoped } from '../auth/scope.decorator';
import { PlanAdviceDto } from '../advice/advice.dto';

@ApiTags('quotes')
@ApiBearerAuth()
@AccountScoped()
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
  @ApiDoc(
    'Price a purchase, a day, an upgrade or a refund',
    'Writes nothing. By reference (`subscriptionId` for an upgrade, `orderId` for a refund: refused as the real one would be) or with hypothetical figures. Only the fields of the kind are accepted.',
  )
  @ApiBody({
    type: QuoteDto,
    examples: {
      prepaid: { summary: 'a prepaid plan', value: { kind: 'prepaid', region: 'ap-guangzhou', units: 10, months: 12 } },
      payg: { summary: 'a pay-as-you-go day', value: { kind: 'payg', region: 'ap-singapore', dau: 70000, chargedDay: 90 } },
      upgrade: {
        summary: 'an upgrade of a subscription',
        value: { kind: 'upgrade', subscriptionId: '4b0c6a43-2f3e-4a4b-9b53-3f3c3e0d9a11', units: 20 },
      },
      refund: {
        summary: 'a hypothetical standard refund',
        value: { kind: 'refund', type: 'standard', region: 'ap-guangzhou', units: 1, months: 1, usedDays: 10 },
      },
      advice: {
        summary: 'plan advice for a daily DAU series (7 to 366 days)',
        value: { kind: 'advice', region: 'ap-guangzhou', dailyDau: [50000, 50000, 50000, 50000, 50000, 50000, 50000] },
      },
    },
  })
  @ApiExtraModels(QuoteResponseDto, PlanAdviceDto)
  @ApiOkResponse({
    description: '`{amount, breakdown}`, or for `advice` the plan advice',
    schema: { oneOf: [{ $ref: getSchemaPath(QuoteResponseDto) }, { $ref: getSchemaPath(PlanAdviceDto) }] },
  })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'SALES_CLOSED', 'INVALID_STATE', 'REFUND_NOT_ALLOWED')
  async quote(@Body() body: QuoteDto): Promise<QuoteResponseDto | PlanAdviceDto> {
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
