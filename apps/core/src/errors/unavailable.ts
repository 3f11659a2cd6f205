/**
 * Whether an error means a store is away or overloaded rather than that the
 * request is wrong: the client should retry later (503 UNAVAILABLE), and a
 * job should be retried with backoff.
 */

/** Socket-level failures (node, pg, ioredis). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** Postgres SQLSTATEs: canceled by statement_timeout, lock_timeout, shutdown, too many connections, connection exceptions. */
const POSTGRES_STATES = new Set(['57014', '55P03', '57P01', '57P02', '57P03', '53300', '25P03', '40001', '40P01']);

/** Prisma: cannot reach, timed out, closed, no pooled connection in time, transaction could not start in time. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);

/** Prisma 7 driver-adapter error kinds. */
const ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'DatabaseDoesNotExist',
  'SocketTimeout',
  'ConnectionClosed',
  'TooManyConnections',
  'TransactionAlreadyClosed',
]);

const MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /Connection terminated/i,
  /Query read timeout/i,
  /Client has encountered a connection error/i,
  /Connection is closed/i,
  /enableOfflineQueue/i,
  /Reached the max retries per request limit/i,
  /can't reach database server/i,
  /server closed the connection/i,
  /Transaction already closed/i,
  /Unable to start a transaction in the given time/i,
  /Redis did not answer within/i,
];

export function isUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const candidate = error as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown };
  if (
    typeof candidate.code === 'string' &&
    (NETWORK_CODES.has(candidate.code) || POSTGRES_STATES.has(candidate.code) || PRISMA_CODES.has(candidate.code))
  ) {
    return true;
  }
  if (typeof candidate.originalCode === 'string' && POSTGRES_STATES.has(candidate.originalCode)) return true;
  if (typeof candidate.kind === 'string' && ADAPTER_KINDS.has(candidate.kind)) return true;
  if (typeof candidate.message === 'string' && MESSAGES.some((pattern) => pattern.test(candidate.message as string))) return true;
  return isUnavailable(candidate.cause, depth + 1);
}
