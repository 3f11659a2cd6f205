import { Logger } from '@nestjs/common';
import type { Pool, PoolConfig } from 'pg';
import type { AppConfig } from '../config/config';

/**
 * The options of every Postgres pool: a bounded wait for a connection, and
 * server-side limits so that no statement, lock wait or forgotten transaction
 * holds a connection for long. `query_timeout` is the client's own bound, for
 * when the server cannot even be told to cancel (the network is cut).
 */
export type PoolOptions = Pick<
  PoolConfig,
  | 'connectionString'
  | 'max'
  | 'connectionTimeoutMillis'
  | 'statement_timeout'
  | 'query_timeout'
  | 'lock_timeout'
  | 'idle_in_transaction_session_timeout'
  | 'keepAlive'
>;

export function poolOptions(config: AppConfig, options: { max: number; bulk?: boolean }): PoolOptions {
  const limits = config.database;
  const statementTimeout = options.bulk ? limits.bulkStatementTimeoutMs : limits.statementTimeoutMs;
  return {
    connectionString: config.databaseUrl,
    max: options.max,
    connectionTimeoutMillis: limits.acquireTimeoutMs,
    statement_timeout: statementTimeout,
    query_timeout: statementTimeout + 1000,
    lock_timeout: limits.lockTimeoutMs,
    idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs,
    keepAlive: true,
  };
}

/**
 * A pooled connection the server or the network dropped while idle is
 * discarded by pg and the next query opens another; but pg reports the drop
 * as an 'error' event, which ends the process unless someone listens.
 */
export function surviveDroppedConnections(pool: Pool, name: string): void {
  const logger = new Logger(name);
  pool.on('error', (error) => logger.warn({ msg: 'an idle Postgres connection was dropped', error: error.message }));
}
