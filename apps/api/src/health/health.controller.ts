import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Queue } from 'bullmq';
import { PrismaService } from '../../../core/src/prisma/prisma.service';
import { Public } from '../auth/roles.decorator';
import { errorResponseSchema } from '../common/openapi/decorators';
import { ErrorResponseDto } from '../common/openapi/error-response.dto';
import { HealthDto } from './health.response';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly prisma: PrismaService,
    @InjectQueue('settlement') private readonly queue: Queue,
  ) {}

  /** Liveness is this answer at all; readiness is both stores answering (503 otherwise). */
  @Get()
  @Public()
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({ summary: 'Check health', description: 'No key needed. Liveness is any answer at all; readiness is 200 (Postgres and Redis answer), 503 otherwise.', security: [] })
  @ApiOkResponse({ type: HealthDto })
  @ApiExtraModels(ErrorResponseDto)
  @ApiResponse({ status: 503, description: 'Postgres or Redis does not answer', schema: errorResponseSchema(['INTERNAL']) })
  check() {
    return this.health.check([
      () => this.probe('postgres', async () => void (await this.prisma.$queryRaw`SELECT 1`)),
      () => this.probe('redis', async () => void (await this.queue.getJobCounts('active'))),
    ]);
  }

  private async probe(key: string, ping: () => Promise<void>) {
    const indicator = this.indicator.check(key);
    try {
      await ping();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
