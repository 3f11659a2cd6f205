import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { READERS } from '../../../core/src/auth/roles';
import { Roles } from '../auth/roles.decorator';
import { MetricsService } from './metrics.service';
import { PlatformWide } from '../auth/scope.decorator';

@ApiTags('operations')
@ApiBearerAuth()
@PlatformWide()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  /** Prometheus text format. Any reading key may scrape: give Prometheus a `readonly` one. */
  @Get()
  @Roles(...READERS)
  @ApiExcludeEndpoint()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
