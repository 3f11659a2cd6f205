import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CODES } from '../common/openapi/error-response.dto';
import { DateProperty } from '../common/openapi/properties';

/** Any JSON value: a bad report's fields are echoed as they came. */
const AS_SENT = [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'object' }, { type: 'array', items: {} }];

export class ReportResultDto {
  @ApiPropertyOptional({
    description: "the report's appId, as sent (absent when the report is not an object)",
    oneOf: AS_SENT,
    example: '4b0c6a43-2f3e-4a4b-9b53-3f3c3e0d9a11',
  })
  appId?: unknown;

  @ApiPropertyOptional({
    description: "the report's date, as sent (absent when the report is not an object)",
    oneOf: AS_SENT,
    example: '2026-03-10',
  })
  date?: unknown;

  @ApiProperty({
    enum: ['accepted', 'unchanged', ...ERROR_CODES],
    description: '`accepted`, `unchanged` (not above what is stored), or the error code of this report',
  })
  status: string;

  @ApiPropertyOptional({ description: 'the report field at fault' })
  field?: string;

  @ApiPropertyOptional()
  message?: string;
}

export class IngestResultDto {
  @ApiProperty({ type: [ReportResultDto], description: 'one per report, in request order' })
  results: ReportResultDto[];
}

export class DayUsageDto {
  @DateProperty()
  date: string;

  @ApiProperty({ type: 'integer' })
  dau: number;
}

export class MonthlyPeakDto {
  @ApiProperty({ example: '2026-03', pattern: '^[0-9]{4}-[0-9]{2}$' })
  month: string;

  @ApiProperty({ type: 'integer', description: 'the highest daily DAU of the whole month' })
  peak: number;
}

export class AppUsageDto {
  @ApiProperty({ type: [DayUsageDto], description: 'days with usage in from..to, oldest first' })
  days: DayUsageDto[];

  @ApiProperty({ type: [MonthlyPeakDto], description: 'every month the range touches that has usage' })
  monthlyPeaks: MonthlyPeakDto[];
}
