import type { Prisma } from '../../../../generated/prisma/client';

/** A Prisma interactive-transaction client: repositories take one so a use case can span several of them. */
export type Tx = Prisma.TransactionClient;

/** Postgres unique violation as Prisma reports it. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === 'P2002';
}
