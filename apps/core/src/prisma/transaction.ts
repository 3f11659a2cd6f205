import type { Prisma } from '../../../../generated/prisma/client';

/** A Prisma interactive-transaction client: repositories take one so a use case can span several of them. */
export type Tx = Prisma.TransactionClient;

/**
 * Options of every transaction UnitOfWork opens: movements of one account wait
 * for its wallet lock while holding a pooled connection, so a busy account
 * makes others wait for a connection.
 */
export const WRITE_TRANSACTION = { maxWait: 10_000, timeout: 20_000 };

/** Postgres unique violation as Prisma reports it. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === 'P2002';
}
