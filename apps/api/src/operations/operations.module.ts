import { Module } from '@nestjs/common';
import { CoreModule } from '../../../core/src/core.module';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** The API's operations surface: /metrics (the queue dashboard is mounted on Fastify by installOperations). */
@Module({ imports: [CoreModule], controllers: [MetricsController], providers: [MetricsService], exports: [MetricsService] })
export class ApiOperationsModule {}
