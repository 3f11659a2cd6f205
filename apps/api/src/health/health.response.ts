import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class IndicatorDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status: 'up' | 'down';

  @ApiPropertyOptional({ description: 'why it is down' })
  message?: string;
}

export class HealthIndicatorsDto {
  @ApiProperty({ type: IndicatorDto })
  postgres: IndicatorDto;

  @ApiProperty({ type: IndicatorDto })
  redis: IndicatorDto;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';

  @ApiProperty({ type: HealthIndicatorsDto })
  info: HealthIndicatorsDto;

  @ApiProperty({ type: 'object', additionalProperties: true })
  error: object;

  @ApiProperty({ type: HealthIndicatorsDto })
  details: HealthIndicatorsDto;
}
