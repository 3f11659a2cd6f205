import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { FastifyReply } from 'fastify';
import { PrismaService } from '../../../core/src/prisma/prisma.service';
import { withinDeadline } from '../../../core/src/queue/redis-deadline';
import { Public } from '../auth/roles.decorator';
import { Draining } from './draining';

/** Each store gets this long to answer, so /health answers within 2 s whatever is down. */
const PROBE_MS = 1500;

type Probe = { status: 'up' } | { status: 'down'; message: string };

class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded', 'error', 'shutting_down'], description: 'degraded: Redis is down, this process still serves its routes' })
  status: string;

  @ApiProperty({ description: '{postgres: {status: "up"|"down", message?}, redis: {...}}' })
  details: Record<string, Probe>;
}

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
  @ApiOperation({ summary: 'Liveness and readiness of Postgres and Redis' })
  @ApiOkResponse({ type: HealthDto })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    const [postgres, redis] = await Promise.all([
      probe(async () => void (await this.prisma.$queryRaw`SELECT 1`)),
      probe(async () => void (await this.queue.getJobCounts('active'))),
    ]);
    const status = this.draining.active ? 'shutting_down' : postgres.status === 'down' ? 'error' : redis.status === 'down' ? 'degraded' : 'ok';
    if (status === 'shutting_down' || status === 'error') void reply.status(503);
    return { status, details: { postgres, redis } };
  }
}

async function probe(ping: () => Promise<void>): Promise<Probe> {
  try {
    await withinDeadline(ping(), PROBE_MS, 'health probe');
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', message: (error as Error).message };
  }
}
