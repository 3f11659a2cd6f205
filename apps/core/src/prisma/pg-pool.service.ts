import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { Client, Pool, PoolClient, type QueryConfig } from 'pg';
import QueryStream from 'pg-query-stream';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { poolOptions, surviveDroppedConnections, type PoolOptions } from './pool-options';

/** Connections for the settlement's bulk statements and the other plain `pg` reads. */
const BULK_CONNECTIONS = 4;

/**
 * Ingest statements in flight at once (per API process); requests arriving
 * meanwhile wait and share the next one (IngestBatcher). Two keep both cores
 * busy: more would mean smaller shared statements, each paying its own commit.
 * The pool holds a connection for each on top of the bulk ones, so a burst of
 * reports never waits behind a bulk statement, nor the other way round.
 */
export const INGEST_STATEMENTS_IN_FLIGHT = 2;

/**
 * The one plain `pg` pool, for the paths where Prisma's per-row or per-query
 * cost dominates: the bulk, set-based statements over large arrays (the daily
 * settlement: Prisma's raw queries cost tens of microseconds per row to convert,
 * which at a million rows is most of the run), the DAU ingest statement and the
 * API-key lookup of a request whose key is not cached (through Prisma 7 each
 * costs about 0.5 ms of CPU more than here, most of what a small request costs).
 */
@Injectable()
export class PgPoolService implements OnModuleDestroy {
  private readonly pool: Pool;
  private readonly options: PoolOptions;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.options = poolOptions(config, { max: BULK_CONNECTIONS + INGEST_STATEMENTS_IN_FLIGHT, bulk: true });
    this.pool = new Pool(this.options);
    surviveDroppedConnections(this.pool, PgPoolService.name);
  }

  /** One statement on its own (autocommit). */
  async query<R extends object>(sql: string, params: unknown[]): Promise<R[]> {
    return (await this.pool.query<R>(sql, params)).rows;
  }

  /** One named statement on its own (autocommit): parsed and planned once per connection, then reused. */
  async named<R extends object>(statement: QueryConfig & { name: string }): Promise<R[]> {
    return (await this.pool.query<R>(statement)).rows;
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

  /**
   * The rows of one query as a stream read through a server-side cursor, a
   * batch at a time, so an export of millions of rows holds only a batch in
   * memory and follows the reader's pace. Each stream has a connection of its
   * own, closed when the stream ends, fails or is destroyed (a client hanging
   * up): a long export never holds a connection the bulk paths need, and the
   * client-side `query_timeout` is left out because pg never clears its timer
   * for a cursor (it would fire later on whatever query the connection ran
   * next). The server's `statement_timeout` still bounds every fetch.
   */
  async stream(sql: string, params: unknown[]): Promise<Readable> {
    const client = new Client({ ...this.options, query_timeout: undefined });
    await client.connect();
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      void client.end().catch(() => undefined);
    };
    const rows = client.query(new QueryStream(sql, params, { batchSize: 1000 }));
    rows.once('end', close);
    rows.once('close', close);
    rows.once('error', close);
    return rows;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
