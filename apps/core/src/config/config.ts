import { DateTime, IANAZone } from 'luxon';

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
}

export class ConfigError extends Error {}

export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new ConfigError(`environment variable ${name} is required`);
  return value;
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
  return {
    databaseUrl: requireEnv('DATABASE_URL', env),
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    adminApiKey,
    port,
    billingTz,
    clockMode,
    clockStart,
    queuePrefix: env.QUEUE_PREFIX ?? 'push-billing',
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
