import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { redisConnection } from '../queue/queues';
import { FIELD_SEPARATOR, JobOutcome, JobSeries, bucketOf, toJobSeries } from './job-metrics.rules';

/**
 * Job counts and durations, kept in Redis beside the queues: every worker
 * process adds to them and the API's /metrics reads the totals, so the worker
 * needs no HTTP server and the figures survive worker restarts.
 */
@Injectable()
export class JobMetricsStore implements OnModuleDestroy {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = new Redis({ ...redisConnection(config.redisUrl), lazyConnect: true });
    this.prefix = `${config.queuePrefix}:metrics:jobs`;
  }

  async record(queue: string, name: string, outcome: JobOutcome, seconds: number): Promise<void> {
    const field = [queue, name, outcome].join(FIELD_SEPARATOR);
    await this.redis
      .multi()
      .hincrby(`${this.prefix}:count`, field, 1)
      .hincrbyfloat(`${this.prefix}:sum`, field, seconds)
      .hincrby(`${this.prefix}:buckets`, `${field}${FIELD_SEPARATOR}${bucketOf(seconds)}`, 1)
      .exec();
  }

  async read(): Promise<JobSeries[]> {
    const [count, sum, buckets] = await Promise.all(
      ['count', 'sum', 'buckets'].map((part) => this.redis.hgetall(`${this.prefix}:${part}`)),
    );
    return toJobSeries(count, sum, buckets);
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }
}
