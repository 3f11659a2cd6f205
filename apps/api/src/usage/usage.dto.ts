import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { IsBillingDate } from '../common/billing-date.validator';
import { DEFAULT_SOURCE, MAX_DAU, MAX_REPORTS } from '../../../core/src/usage/usage.rules';

/** One report, for the OpenAPI document: its fields are checked one report at a time, so one bad report fails alone. */
export class DauReportDto {
  @ApiProperty({ format: 'uuid', example: '5d1f0c2e-8a3b-4c6d-9e7f-1a2b3c4d5e6f' })
  appId: string;

  @ApiProperty({ example: '2026-03-01', description: 'billing date (YYYY-MM-DD in the billing time zone), not in the future' })
  date: string;

  @ApiProperty({ minimum: 0, maximum: MAX_DAU, example: 48210, description: 'the cumulative DAU this source has seen that day so far' })
  dau: number;

  @ApiPropertyOptional({
    default: DEFAULT_SOURCE,
    example: 'gw-gz-1',
    maxLength: 64,
    description: 'the reporting gateway; the day sums its sources',
  })
  source?: string;
}

/** The request body, for the OpenAPI document (the controller checks it with readEnvelope). */
export class IngestDauDto {
  @ApiProperty({ type: [DauReportDto], maxItems: MAX_REPORTS })
  reports: DauReportDto[];
}

export class UsageQueryDto {
  @ApiPropertyOptional({ example: '2026-03-01', description: 'first day (default: 30 days before to)' })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-31', description: 'last day (default: today)' })
  @IsOptional()
  @IsString()
  to?: string;
}

/** POST /v1/apps/:id/usage/corrections */
export class UsageCorrectionDto {
  @ApiProperty({ example: '2026-03-01', description: 'an open billing day (not yet settled), not in the future' })
  @IsBillingDate()
  date: string;

  @ApiProperty({ minimum: 0, maximum: MAX_DAU, example: 45000, description: "the day's corrected DAU, which billing uses" })
  @IsInt()
  @Min(0)
  @Max(MAX_DAU)
  dau: number;

  @ApiProperty({ example: 'gateway gw-3 double-counted', maxLength: 500 })
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class UsageCorrectionAnswerDto {
  @ApiProperty({ format: 'uuid' }) appId: string;
  @ApiProperty({ example: '2026-03-01' }) date: string;
  @ApiProperty() dau: number;
  @ApiProperty({ nullable: true, type: Number, description: 'the figure the correction replaced' }) previousDau: number | null;
}
