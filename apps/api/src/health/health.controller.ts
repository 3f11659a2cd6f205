import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { FastifyReply } from 'fastify';
import { PrismaService } from '../../../core/src/prisma/prisma.service';
import { withinDeadline } from '../../../core/src/queue/redis-deadline';
import { Public } from '../auth/roles.decorator';
import { Draining } from './draining';
import { HealthDto, ProbeDto } from './health.response';

/** Each store gets this long to answer, so /health answers within 2 s whatever is down. */
const PROBE_MS = 1500;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly prisma: PrismaService,
    @InjectQueue('settlement') private readonly queue: Queue,
    private readonly draining: Draining,
  ) {}

  /**
   * 200 `ok`; 200 `degraded` when only Redis is down (requests still work:
   * money writes commit, their follow-up jobs wait); 503 when Postgres is
   * down or the process is shutting down.
   */
  @Get()
  @Public()
  @ApiOperation({
    summary: 'Check health',
    description:
      'No key needed. 200 `ok`, or `degraded` while only Redis is down; 503 when Postgres is down or the process is shutting down. Each store is probed for at most 1.5 s.',
    security: [],
  })
  @ApiOkResponse({ type: HealthDto })
  @ApiResponse({ status: 503, description: 'Postgres is down, or the process is draining after SIGTERM', type: HealthDto })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    const [postgres, redis] = await Promise.all([
      probe(async () => void (await this.prisma.$queryRaw`SELECT 1`)),
      probe(async () => void (await this.queue.getJobCounts('active'))),
    ]);
    const status = this.draining.active
      ? 'shutting_down'
      : postgres.status === 'down'
        ? 'error'
        : redis.status === 'down'
          ? 'degraded'
          : 'ok';
    if (status === 'shutting_down' || status === 'error') void reply.status(503);
    return { status, details: { postgres, redis } };
  }
}

async function probe(ping: () => Promise<void>): Promise<ProbeDto> {
  try {
    await withinDeadline(ping(), PROBE_MS, 'health probe');
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', message: (error as Error).message };
  }
}
