import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { DateTime, IANAZone } from 'luxon';
import { outboundUrlRefusal } from '../outbound/outbound.rules';

export type ClockMode = 'system' | 'simulated';

export interface AppConfig {
  databaseUrl: string;
  redisUrl: string;
  adminApiKey: string | undefined;
  port: number;
  billingTz: string;
  clockMode: ClockMode;
  /** ISO instant the simulated clock starts at; undefined: the real time at first boot. */
  clockStart: string | undefined;
  /** BullMQ key prefix, so several deployments (or test runs) can share one Redis. */
  queuePrefix: string;
  logLevel: string;
  /** How long after 00:00 a trial app's day still takes reports in flight (TRIAL_DAY_GRACE_SECONDS, 0-300). */
  trialDayGraceSeconds: number;
  /** Notice channels and webhook retries (README: notifications). */
  delivery: DeliveryConfig;
  /** The provisioning call of a prepaid purchase (README: prepaid plans). */
  provisioning: ProvisioningConfig;
  /** The largest single money amount a request may carry (MAX_MONEY_AMOUNT, default 10000000.00). */
  maxMoneyAmount: string;
  /** Bounds of every Postgres pool (docs/failure-behaviour.md). */
  database: DatabaseLimits;
  /** How long SIGTERM waits for in-flight requests and jobs (SHUTDOWN_GRACE_MS, default 20000). */
  shutdownGraceMs: number;
  /** The retries of daily, settlement and other background jobs (docs/operations.md: retry schedule). */
  jobRetry: RetrySchedule;
  /** The relay of the job outbox, notices and webhook events (docs/failure-behaviour.md). */
  outbox: OutboxConfig;
  /** Rate limits, outbound guard, docs access (docs/security.md). */
  security: SecurityConfig;
  /**
   * The Ed25519 key that signs monthly statements (STATEMENT_SIGNING_KEY, PKCS8 PEM); undefined: a key
   * generated once and kept in the database (development; docs/bills-and-statements.md).
   */
  statementSigningKey: KeyObject | undefined;
  /**
   * The public halves of keys that signed statements before a rotation (STATEMENT_RETIRED_PUBLIC_KEYS,
   * SPKI PEMs): published beside the current key so that those statements still verify; they never sign.
   */
  statementRetiredPublicKeys: KeyObject[];
}

export interface DatabaseLimits {
  /** Wait for a free pooled connection, or for a new one to connect (DB_ACQUIRE_TIMEOUT_MS, default 3000). */
  acquireTimeoutMs: number;
  /** statement_timeout of request-path pools (DB_STATEMENT_TIMEOUT_MS, default 10000). */
  statementTimeoutMs: number;
  /** statement_timeout of the bulk pool (settlement's set-based statements; DB_BULK_STATEMENT_TIMEOUT_MS, default 120000). */
  bulkStatementTimeoutMs: number;
  /** lock_timeout (DB_LOCK_TIMEOUT_MS, default 5000). */
  lockTimeoutMs: number;
  /** idle_in_transaction_session_timeout (DB_IDLE_IN_TRANSACTION_TIMEOUT_MS, default 30000). */
  idleInTransactionTimeoutMs: number;
}

export interface SecurityConfig {
  /** RATE_LIMITS=off turns the limits off (benchmarks' baseline); on by default. */
  rateLimits: boolean;
  /** Requests per second of one key (RATE_LIMIT_PER_KEY), of one ingest key, of one client address without a known key. */
  rateLimitPerKey: number;
  rateLimitIngestPerKey: number;
  rateLimitUnauthenticatedPerIp: number;
  /** The Redis the API processes share their rate-limit counters in (RATE_LIMIT_REDIS_URL, default REDIS_URL). */
  rateLimitRedisUrl: string;
  /** OUTBOUND_ALLOW_PRIVATE=true: webhooks, the provider and provisioning may reach private and loopback addresses. */
  outboundAllowPrivate: boolean;
  /** DOCS_PUBLIC=true: /docs without a key. */
  docsPublic: boolean;
  /** How often each API process writes the keys' lastUsedAt (API_KEY_LAST_USED_FLUSH_MS). */
  keyUsageFlushMs: number;
}

/** Capped exponential backoff: the first delay doubles on each retry, up to the cap. */
export interface RetrySchedule {
  /** Runs of a job in all, the first included (JOB_RETRY_ATTEMPTS, default 21). */
  attempts: number;
  /** The delay before the first retry (JOB_RETRY_FIRST_DELAY_MS, default 1000). */
  firstDelayMs: number;
  /** No delay is longer (JOB_RETRY_MAX_DELAY_MS, default 300000). */
  maxDelayMs: number;
}

export interface OutboxConfig {
  /** Every process relays what is left this often, besides the kicks after commits (OUTBOX_SWEEP_MS, default 10000). */
  sweepMs: number;
  /** How long a relay waits for Redis to take a batch before it rolls back and leaves it for later (OUTBOX_ENQUEUE_TIMEOUT_MS, default 5000). */
  enqueueTimeoutMs: number;
}

export interface ProvisioningConfig {
  /** POSTed once per prepaid order until it answers 2xx (PROVISIONING_URL); undefined: provisioning needs no call. */
  url: string | undefined;
  /** BullMQ attempts of one round of provisioning, and the first backoff delay (doubling). */
  attempts: number;
  backoffMs: number;
}

export interface DeliveryConfig {
  /** Email through this SMTP server (SMTP_URL, SMTP_FROM); undefined: email deliveries are skipped. */
  smtp: { url: string; from: string } | undefined;
  /** SMS, WeChat and voice through one HTTP provider (NOTIFY_HTTP_URL, NOTIFY_HTTP_SECRET); undefined: skipped. */
  http: { url: string; secret: string } | undefined;
  /** BullMQ attempts of each notice or webhook delivery, and the first backoff delay (doubling). */
  attempts: number;
  backoffMs: number;
}

export class ConfigError extends Error {}

export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new ConfigError(`environment variable ${name} is required`);
  return value;
}

/** Migrations and seeding run as the tables' owner (MIGRATION_DATABASE_URL); the processes may use a DML-only role (DATABASE_URL). */
export function migrationDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.MIGRATION_DATABASE_URL || requireEnv('DATABASE_URL', env);
}

/** Reads and checks the environment once, at boot: a bad setting stops the process with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('PORT must be a port number');
  const billingTz = env.BILLING_TZ ?? 'Asia/Shanghai';
  if (!IANAZone.isValidZone(billingTz)) throw new ConfigError(`BILLING_TZ "${billingTz}" is not an IANA time zone`);
  const clockMode = (env.CLOCK_MODE ?? 'system') as ClockMode;
  if (clockMode !== 'system' && clockMode !== 'simulated') {
    throw new ConfigError('CLOCK_MODE must be "system" or "simulated"');
  }
  const clockStart = env.CLOCK_START || undefined;
  if (clockStart && !DateTime.fromISO(clockStart, { setZone: true }).isValid) {
    throw new ConfigError('CLOCK_START must be an ISO 8601 instant');
  }
  const adminApiKey = env.ADMIN_API_KEY || undefined;
  if (adminApiKey && adminApiKey.length < 16) throw new ConfigError('ADMIN_API_KEY must be at least 16 characters');
  const config: AppConfig = {
    databaseUrl: requireEnv('DATABASE_URL', env),
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    adminApiKey,
    port,
    billingTz,
    clockMode,
    clockStart,
    queuePrefix: env.QUEUE_PREFIX ?? 'push-billing',
    logLevel: loadLogLevel(env),
    trialDayGraceSeconds: loadTrialDayGrace(env),
    delivery: loadDeliveryConfig(env),
    provisioning: loadProvisioningConfig(env),
    maxMoneyAmount: loadMaxMoneyAmount(env),
    database: {
      acquireTimeoutMs: positiveInteger(env, 'DB_ACQUIRE_TIMEOUT_MS', 3000),
      statementTimeoutMs: positiveInteger(env, 'DB_STATEMENT_TIMEOUT_MS', 10_000),
      bulkStatementTimeoutMs: positiveInteger(env, 'DB_BULK_STATEMENT_TIMEOUT_MS', 120_000),
      lockTimeoutMs: positiveInteger(env, 'DB_LOCK_TIMEOUT_MS', 5000),
      idleInTransactionTimeoutMs: positiveInteger(env, 'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 30_000),
    },
    shutdownGraceMs: positiveInteger(env, 'SHUTDOWN_GRACE_MS', 20_000),
    jobRetry: {
      attempts: positiveInteger(env, 'JOB_RETRY_ATTEMPTS', 21),
      firstDelayMs: positiveInteger(env, 'JOB_RETRY_FIRST_DELAY_MS', 1000),
      maxDelayMs: positiveInteger(env, 'JOB_RETRY_MAX_DELAY_MS', 300_000),
    },
    outbox: {
      sweepMs: positiveInteger(env, 'OUTBOX_SWEEP_MS', 10_000),
      enqueueTimeoutMs: positiveInteger(env, 'OUTBOX_ENQUEUE_TIMEOUT_MS', 5000),
    },
    security: loadSecurityConfig(env),
    statementSigningKey: loadStatementSigningKey(env),
    statementRetiredPublicKeys: loadStatementRetiredPublicKeys(env),
  };
  checkOutboundTargets(config);
  return config;
}

/** The outbound targets of the environment, refused at boot as a saved webhook URL is refused when saved. */
function checkOutboundTargets(config: AppConfig): void {
  const targets: [string, string | undefined][] = [
    ['PROVISIONING_URL', config.provisioning.url],
    ['NOTIFY_HTTP_URL', config.delivery.http?.url],
  ];
  for (const [name, url] of targets) {
    const refusal = url ? outboundUrlRefusal(url, config.security.outboundAllowPrivate) : null;
    if (refusal) throw new ConfigError(`${name}: ${refusal} (OUTBOUND_ALLOW_PRIVATE=true allows it)`);
  }
}

function loadSecurityConfig(env: NodeJS.ProcessEnv): SecurityConfig {
  const positive = (name: string, fallback: number) => positiveInteger(env, name, fallback);
  const flag = (name: string) => {
    const value = env[name] ?? 'false';
    if (value !== 'true' && value !== 'false') throw new ConfigError(`${name} must be "true" or "false"`);
    return value === 'true';
  };
  const onOff = (name: string) => {
    const value = env[name] ?? 'on';
    if (value !== 'on' && value !== 'off') throw new ConfigError(`${name} must be "on" or "off"`);
    return value === 'on';
  };
  return {
    rateLimits: onOff('RATE_LIMITS'),
    rateLimitPerKey: positive('RATE_LIMIT_PER_KEY', 100),
    rateLimitIngestPerKey: positive('RATE_LIMIT_INGEST_PER_KEY', 10_000),
    rateLimitUnauthenticatedPerIp: positive('RATE_LIMIT_UNAUTHENTICATED_PER_IP', 20),
    rateLimitRedisUrl: env.RATE_LIMIT_REDIS_URL || (env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
    outboundAllowPrivate: flag('OUTBOUND_ALLOW_PRIVATE'),
    docsPublic: flag('DOCS_PUBLIC'),
    keyUsageFlushMs: positive('API_KEY_LAST_USED_FLUSH_MS', 10_000),
  };
}

/** A PKCS8 PEM of an Ed25519 private key; `\n` escapes (one-line secret stores) stand for line breaks. */
function loadStatementSigningKey(env: NodeJS.ProcessEnv): KeyObject | undefined {
  const pem = env.STATEMENT_SIGNING_KEY?.replace(/\\n/g, '\n').trim();
  if (!pem) return undefined;
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new ConfigError('STATEMENT_SIGNING_KEY must be a PKCS8 PEM private key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new ConfigError('STATEMENT_SIGNING_KEY must be an Ed25519 key');
  return key;
}

/** SPKI PEMs of Ed25519 public keys, concatenated; `\n` escapes as in STATEMENT_SIGNING_KEY. */
function loadStatementRetiredPublicKeys(env: NodeJS.ProcessEnv): KeyObject[] {
  const name = 'STATEMENT_RETIRED_PUBLIC_KEYS';
  const pems = env[name]?.replace(/\\n/g, '\n') ?? '';
  // createPublicKey would take a private key and derive its public half: refused instead, as a secret in the wrong place.
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pems))
    throw new ConfigError(`${name} holds a private key; give only public halves (openssl pkey -in old.pem -pubout)`);
  const block = /-----BEGIN PUBLIC KEY-----[^-]+-----END PUBLIC KEY-----/g;
  if (pems.replace(block, '').trim())
    throw new ConfigError(`${name} must be SPKI PEM public keys (-----BEGIN PUBLIC KEY-----), one after another`);
  return (pems.match(block) ?? []).map((pem) => {
    let key: KeyObject;
    try {
      key = createPublicKey({ key: pem, format: 'pem' });
    } catch {
      throw new ConfigError(`${name} holds a PUBLIC KEY block that does not parse`);
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new ConfigError(`${name} must hold Ed25519 keys only`);
    return key;
  });
}

/** SPEC.md 3 allows reports in flight at most 5 minutes past a trial day's close. */
function loadTrialDayGrace(env: NodeJS.ProcessEnv): number {
  const value = Number(env.TRIAL_DAY_GRACE_SECONDS ?? 300);
  if (!Number.isInteger(value) || value < 0 || value > 300)
    throw new ConfigError('TRIAL_DAY_GRACE_SECONDS must be a whole number from 0 to 300');
  return value;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = Number(env[name] || fallback);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a positive integer`);
  return value;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** LOG_LEVEL, a pino level; also read by the logger module, which is built before the config module exists. */
export function loadLogLevel(env: NodeJS.ProcessEnv = process.env): string {
  const level = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(level)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  return level;
}

/**
 * How long a job held by a killed worker stays locked before another worker takes it over
 * (JOB_LOCK_MS, JOB_STALLED_CHECK_MS; tests and benchmarks shorten them). Read by the
 * processors' decorators, which run before the config module exists.
 */
export function loadJobLocks(env: NodeJS.ProcessEnv = process.env): { lockDurationMs: number; stalledIntervalMs: number } {
  return {
    lockDurationMs: positiveInteger(env, 'JOB_LOCK_MS', 60_000),
    stalledIntervalMs: positiveInteger(env, 'JOB_STALLED_CHECK_MS', 30_000),
  };
}

/** MAX_MONEY_AMOUNT: a positive amount with at most two decimals; also read by the request validators. */
export function loadMaxMoneyAmount(env: NodeJS.ProcessEnv = process.env): string {
  const text = env.MAX_MONEY_AMOUNT || '10000000.00';
  if (!/^\d{1,14}(\.\d{1,2})?$/.test(text) || Number(text) <= 0) {
    throw new ConfigError('MAX_MONEY_AMOUNT must be a positive amount with at most two decimals, below 10^14');
  }
  return text;
}

function loadProvisioningConfig(env: NodeJS.ProcessEnv): ProvisioningConfig {
  const url = env.PROVISIONING_URL || undefined;
  if (url && !/^https?:\/\//.test(url)) throw new ConfigError('PROVISIONING_URL must be an http or https URL');
  const positive = (name: string, fallback: number) => positiveInteger(env, name, fallback);
  return { url, attempts: positive('PROVISIONING_ATTEMPTS', 8), backoffMs: positive('PROVISIONING_BACKOFF_MS', 10_000) };
}

/** Each channel needs all of its settings or none (none: its deliveries are skipped, not failed). */
function loadDeliveryConfig(env: NodeJS.ProcessEnv): DeliveryConfig {
  const pair = (a: string, b: string): [string, string] | undefined => {
    if (!env[a] && !env[b]) return undefined;
    if (!env[a] || !env[b]) throw new ConfigError(`${a} and ${b} must be set together`);
    return [env[a]!, env[b]!];
  };
  const url = (name: string, protocols: string[]) => {
    const value = env[name];
    if (value && !protocols.some((p) => value.startsWith(`${p}://`)))
      throw new ConfigError(`${name} must be a ${protocols.join(' or ')} URL`);
  };
  const positive = (name: string, fallback: number) => positiveInteger(env, name, fallback);
  url('SMTP_URL', ['smtp', 'smtps']);
  url('NOTIFY_HTTP_URL', ['http', 'https']);
  const smtp = pair('SMTP_URL', 'SMTP_FROM');
  const http = pair('NOTIFY_HTTP_URL', 'NOTIFY_HTTP_SECRET');
  if (http && http[1].length < 16) throw new ConfigError('NOTIFY_HTTP_SECRET must be at least 16 characters');
  return {
    smtp: smtp && { url: smtp[0], from: smtp[1] },
    http: http && { url: http[0], secret: http[1] },
    attempts: positive('DELIVERY_ATTEMPTS', 10),
    backoffMs: positive('DELIVERY_BACKOFF_MS', 10_000),
  };
}
