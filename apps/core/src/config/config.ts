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
  /** Notice channels and webhook retries (README: notifications). */
  delivery: DeliveryConfig;
  /** The provisioning call of a prepaid purchase (README: prepaid plans). */
  provisioning: ProvisioningConfig;
  /** Rate limits, outbound guard, docs access (docs/security.md). */
  security: SecurityConfig;
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
    logLevel: env.LOG_LEVEL ?? 'info',
    delivery: loadDeliveryConfig(env),
    provisioning: loadProvisioningConfig(env),
    security: loadSecurityConfig(env),
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
  const positive = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a positive integer`);
    return value;
  };
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

function loadProvisioningConfig(env: NodeJS.ProcessEnv): ProvisioningConfig {
  const url = env.PROVISIONING_URL || undefined;
  if (url && !/^https?:\/\//.test(url)) throw new ConfigError('PROVISIONING_URL must be an http or https URL');
  const positive = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a positive integer`);
    return value;
  };
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
    if (value && !protocols.some((p) => value.startsWith(`${p}://`))) throw new ConfigError(`${name} must be a ${protocols.join(' or ')} URL`);
  };
  const positive = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a positive integer`);
    return value;
  };
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
