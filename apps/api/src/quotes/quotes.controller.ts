import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { READERS } from '../../../core/src/auth/roles';
import { DomainError } from '../../../core/src/errors/domain-error';
import { QuoteQuery, QuotesService } from '../../../core/src/quotes/quotes.service';
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
  constructor(private readonly quotes: QuotesService) {}

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
    const answer = await this.quotes.quote(given as QuoteQuery);
    return answer.kind === 'advice' ? planAdviceJson(answer.advice) : priced(answer.priced);
  }
}
