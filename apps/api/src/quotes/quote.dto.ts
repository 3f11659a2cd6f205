import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsUUID, Max, Min, ValidateIf } from 'class-validator';
import { ADVICE_MAX_DAYS, ADVICE_MIN_DAYS } from '../../../core/src/advice/advice.rules';
import { REGIONS, Region } from '../../../core/src/pricing/price-book';
import type { RefundType } from '../../../core/src/pricing/quote.service';

export const QUOTE_KINDS = ['prepaid', 'payg', 'upgrade', 'refund', 'advice'] as const;
type QuoteKind = (typeof QUOTE_KINDS)[number];

/** Fields a quote of each kind may carry: the by-reference form and the hypothetical form. */
export const QUOTE_FIELDS: Record<QuoteKind, string[]> = {
  prepaid: ['kind', 'region', 'units', 'months'],
  payg: ['kind', 'region', 'dau', 'chargedDay'],
  upgrade: ['kind', 'subscriptionId', 'units', 'region', 'fromUnits', 'months', 'remainingDays'],
  refund: ['kind', 'orderId', 'type', 'region', 'units', 'months', 'usedMonths', 'usedDays'],
  advice: ['kind', 'region', 'dailyDau', 'chargedDays'],
};

const byReference = (o: QuoteDto) => (o.kind === 'upgrade' && o.subscriptionId) || (o.kind === 'refund' && o.orderId);
const hypothetical = (o: QuoteDto) => !byReference(o);

export class QuoteDto {
  @ApiProperty({ enum: QUOTE_KINDS })
  @IsIn(QUOTE_KINDS)
  kind: QuoteKind;

  @ApiPropertyOptional({ description: 'upgrade: the subscription to upgrade' })
  @ValidateIf((o: QuoteDto) => o.kind === 'upgrade' && o.subscriptionId !== undefined)
  @IsUUID()
  subscriptionId?: string;

  @ApiPropertyOptional({ description: 'refund: the prepaid order to refund' })
  @ValidateIf((o: QuoteDto) => o.kind === 'refund' && o.orderId !== undefined)
  @IsUUID()
  orderId?: string;

  @ApiPropertyOptional({ enum: REGIONS })
  @ValidateIf(hypothetical)
  @IsIn(REGIONS)
  region?: Region;

  @ApiPropertyOptional({ description: 'units of 10,000 DAU of monthly peak (upgrade: the new size)', minimum: 1 })
  @ValidateIf((o: QuoteDto) => o.kind !== 'payg' && o.kind !== 'advice' && (o.kind !== 'refund' || hypothetical(o)))
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  units?: number;

  @ApiPropertyOptional({ description: 'months bought (upgrade/refund: of the hypothetical subscription)', minimum: 1 })
  @ValidateIf((o: QuoteDto) => o.kind !== 'payg' && o.kind !== 'advice' && hypothetical(o))
  @IsInt()
  @Min(1)
  @Max(36)
  months?: number;

  @ApiPropertyOptional({ description: "payg: the day's DAU", minimum: 0 })
  @ValidateIf((o: QuoteDto) => o.kind === 'payg')
  @IsInt()
  @Min(0)
  @Max(2_000_000_000)
  dau?: number;

  @ApiPropertyOptional({ description: "payg: the app's charged-day number, this day included (default 1)", minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  chargedDay?: number;

  @ApiPropertyOptional({ description: 'upgrade (hypothetical): the current size' })
  @ValidateIf((o: QuoteDto) => o.kind === 'upgrade' && hypothetical(o))
  @IsInt()
  @Min(1)
  fromUnits?: number;

  @ApiPropertyOptional({ description: 'upgrade (hypothetical): days left until expiry' })
  @ValidateIf((o: QuoteDto) => o.kind === 'upgrade' && hypothetical(o))
  @IsInt()
  @Min(0)
  @Max(36 * 31)
  remainingDays?: number;

  @ApiPropertyOptional({ enum: ['no-questions', 'standard'] })
  @ValidateIf((o: QuoteDto) => o.kind === 'refund')
  @IsIn(['no-questions', 'standard'])
  type?: RefundType;

  @ApiPropertyOptional({ description: 'refund (hypothetical): full months used', minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  usedMonths?: number;

  @ApiPropertyOptional({ description: 'refund (hypothetical): days used of the partial month', minimum: 0, maximum: 30 })
  @ValidateIf((o: QuoteDto) => o.kind === 'refund' && o.type === 'standard' && hypothetical(o))
  @IsInt()
  @Min(0)
  @Max(30)
  usedDays?: number;

  @ApiPropertyOptional({
    description: 'advice: one DAU figure per day',
    type: [Number],
    minItems: ADVICE_MIN_DAYS,
    maxItems: ADVICE_MAX_DAYS,
  })
  @ValidateIf((o: QuoteDto) => o.kind === 'advice')
  @IsArray()
  @ArrayMinSize(ADVICE_MIN_DAYS)
  @ArrayMaxSize(ADVICE_MAX_DAYS)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(2_000_000_000, { each: true })
  dailyDau?: number[];

  @ApiPropertyOptional({
    description: "advice: the app's charged pay-as-you-go days before the series (loyalty counter, default 0)",
    minimum: 0,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  chargedDays?: number;
}
