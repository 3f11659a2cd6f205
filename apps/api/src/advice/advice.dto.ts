import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ADVICE_MAX_DAYS, ADVICE_MIN_DAYS } from '../../../core/src/advice/advice.rules';
import { REGIONS } from '../../../core/src/pricing/price-book';

export class PlanAdviceQueryDto {
  @ApiPropertyOptional({
    default: 30,
    minimum: ADVICE_MIN_DAYS,
    maximum: ADVICE_MAX_DAYS,
    description: 'closed days to look back on, ending yesterday',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(ADVICE_MIN_DAYS)
  @Max(ADVICE_MAX_DAYS)
  days?: number;
}

export class AdviceBasisDto {
  @ApiProperty() days: number;
  @ApiProperty() peakDau: number;
  @ApiProperty({ description: 'mean DAU of the series, rounded to a whole device' }) averageDau: number;
  @ApiProperty({ description: 'months a prepaid plan needs to cover the series: ceil(days / 31)' }) seriesMonths: number;
  @ApiProperty({ description: 'the loyalty counter pay-as-you-go starts from' }) chargedDaysBefore: number;
  @ApiProperty() priceBookVersion: string;
  @ApiProperty({ enum: REGIONS }) region: string;
}

export class AdviceOptionDto {
  @ApiProperty({ enum: ['trial', 'payg', 'prepaid'] }) plan: string;
  @ApiPropertyOptional() units?: number;
  @ApiPropertyOptional({ description: 'duration of one purchase' }) months?: number;
  @ApiPropertyOptional({ description: 'purchases of `months` that cover the series' }) purchases?: number;
  @ApiProperty({ example: '4000.00' }) cost: string;
  @ApiProperty({ description: 'days over the quota (prepaid sizes below the peak)' }) throttledDays: number;
}

export class SavingsAgainstDto {
  @ApiProperty({ enum: ['trial', 'payg', 'prepaid', 'charity'] }) plan: string;
  @ApiPropertyOptional() units?: number;
  @ApiPropertyOptional() months?: number;
  @ApiProperty({ example: '4800.00' }) cost: string;
}

export class AdviceRecommendationDto extends AdviceOptionDto {
  @ApiProperty({ example: '800.00', description: 'cost of savingsAgainst minus this cost' }) savings: string;
  @ApiProperty({ type: SavingsAgainstDto, description: "the app's current plan, else pay-as-you-go" }) savingsAgainst: SavingsAgainstDto;
}

export class PlanAdviceDto {
  @ApiProperty({ type: AdviceBasisDto }) basis: AdviceBasisDto;
  @ApiProperty({ type: [AdviceOptionDto] }) options: AdviceOptionDto[];
  @ApiProperty({ type: AdviceRecommendationDto }) recommendation: AdviceRecommendationDto;
}

export class AdvicePeriodDto {
  @ApiProperty({ example: '2026-03-01' }) from: string;
  @ApiProperty({ example: '2026-03-30' }) to: string;
}

export class AppPlanAdviceDto extends PlanAdviceDto {
  @ApiProperty({ type: AdvicePeriodDto }) period: AdvicePeriodDto;
}
