import rateLimit from '@fastify/rate-limit';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { Counter } from 'prom-client';
import { APP_CONFIG } from '../../../core/src/config/config.module';
import type { AppConfig } from '../../../core/src/config/config';
import { DomainError } from '../../../core/src/errors/domain-error';
import { MetricsService } from '../operations/metrics.service';
import type { AuthenticatedRequest } from './api-key.guard';
import { IncrCallback, LeasedRateStore, RateLimitStore } from './leased-rate-store';

const WINDOW_MS = 1_000;
const WARN_EVERY_MS = 10_000;

/** Paths no limit applies to: the load balancer's probe. */
const UNLIMITED = new Set(['/health']);

/**
 * Requests per second per API key, shared by every API process through
 * Redis (@fastify/rate-limit with a store of ours, `LeasedRateStore`: a
 * fixed one-second window whose count each process takes from Redis a slice
 * at a time, not a round trip per request). The bucket is the key's row id for a
 * known key, else the client address: a missing or unknown token (resolved
 * without a database lookup once known to be unknown) cannot buy itself a
 * fresh bucket. While Redis is away the limits are not enforced: the failure
 * is logged at most every 10 s and counted in /metrics, and the request served.
 */
export async function installRateLimits(app: NestFastifyApplication): Promise<void> {
  const config = app.get<AppConfig>(APP_CONFIG);
  const security = config.security;
  if (!security.rateLimits) return;
  const registers = [app.get(MetricsService).registry];
  const limited = new Counter({
    name: 'rate_limited_total',
    help: 'Requests refused with 429, by bucket kind',
    labelNames: ['bucket'],
    registers,
  });
  const storeErrors = new Counter({
    name: 'rate_limit_store_errors_total',
    help: 'Requests served without a rate-limit check because Redis did not answer',
    registers,
  });
  const logger = new Logger('RateLimits');
  let lastWarning = 0;

  // No offline queue: while Redis is away a check fails at once instead of holding the request.
  const redis = new Redis(security.rateLimitRedisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectionName: 'push-billing rate-limits',
  });
  redis.on('error', () => undefined);
  const failed = (error: Error) => {
    storeErrors.inc();
    if (Date.now() - lastWarning < WARN_EVERY_MS) return;
    lastWarning = Date.now();
    logger.warn(`rate limits not enforced: Redis did not answer (${error.message})`);
  };
  const shared = new LeasedRateStore(redis, `${config.queuePrefix}:rate:`);
  /** The plugin constructs its store itself (with its settings, unused here): each one counts through the shared store. */
  class ObservedStore implements RateLimitStore {
    incr(key: string, callback: IncrCallback, timeWindow: number, max: number): void {
      shared.incr(
        key,
        (error, result) => {
          if (error) failed(error);
          callback(error, result);
        },
        timeWindow,
        max,
      );
    }
    child(): RateLimitStore {
      return this;
    }
  }

  const keyOf = (request: FastifyRequest) => (request as AuthenticatedRequest).apiKey ?? null;
  await app.register(rateLimit, {
    global: true,
    timeWindow: WINDOW_MS,
    store: ObservedStore,
    skipOnError: true,
    allowList: (request: FastifyRequest) => UNLIMITED.has(request.routeOptions.url ?? ''),
    keyGenerator: (request: FastifyRequest) => {
      const key = keyOf(request);
      return key ? `key:${key.id}` : `ip:${request.ip}`;
    },
    max: (request: FastifyRequest) => {
      const key = keyOf(request);
      if (!key) return security.rateLimitUnauthenticatedPerIp;
      return key.role === 'ingest' ? security.rateLimitIngestPerKey : security.rateLimitPerKey;
    },
    onExceeded: (request: FastifyRequest) => limited.inc({ bucket: keyOf(request) ? 'key' : 'address' }),
    errorResponseBuilder: (_request: FastifyRequest, context: { max: number; after: string }) =>
      new DomainError('RATE_LIMITED', `more than ${context.max} requests per second; retry in ${context.after}`),
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onClose', async () => {
      shared.close();
      redis.disconnect();
    });
}
