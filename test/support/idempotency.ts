import { randomUUID } from 'node:crypto';

/** Headers of a money write sent once (SPEC 15: every money write carries an Idempotency-Key). */
export function freshKey(): Record<string, string> {
  return { 'idempotency-key': randomUUID() };
}
