import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ProbeDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status: 'up' | 'down';

  @ApiPropertyOptional({ description: 'why it is down' })
  message?: string;
}

export class HealthDetailsDto {
  @ApiProperty({ type: ProbeDto })
  postgres: ProbeDto;

  @ApiProperty({ type: ProbeDto })
  redis: ProbeDto;
}

export class HealthDto {
  @ApiProperty({
    enum: ['ok', 'degraded', 'error', 'shutting_down'],
    description:
      '`degraded`: Redis is down and this process still serves its routes; `error`: Postgres is down; `shutting_down`: draining after SIGTERM',
  })
  status: 'ok' | 'degraded' | 'error' | 'shutting_down';

  @ApiProperty({ type: HealthDetailsDto })
  details: HealthDetailsDto;
}
