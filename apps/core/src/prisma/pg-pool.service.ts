import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { poolOptions } from './pool-options';

/**
 * A plain `pg` pool for the few bulk, set-based statements over large arrays
 * (the daily settlement): Prisma's raw queries cost tens of microseconds per
 * row to convert, which at a million rows is most of the run. Also for the
 * API-key lookup of a request whose key is not cached: through Prisma it costs
 * about 0.5 ms of CPU more than here, most of what a small request costs.
 */
@Injectable()
export class PgPoolService implements OnModuleDestroy {
  private readonly pool: Pool;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.pool = new Pool(poolOptions(config, { max: 4, bulk: true }));
  }

  /** One statement on its own (autocommit). */
  async query<R extends object>(sql: string, params: unknown[]): Promise<R[]> {
    return (await this.pool.query<R>(sql, params)).rows;
  }

  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
