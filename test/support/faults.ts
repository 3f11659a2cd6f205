import { Client } from 'pg';
import { moneyChecks } from '../../bench/support/money-checks';
import type { Reply } from './system';

/** A request's answer and how long it took to come. */
export interface Timed<T> {
  answer: T;
  ms: number;
}

export async function timed<T>(pending: Promise<T>): Promise<Timed<T>> {
  const start = Date.now();
  const answer = await pending;
  return { answer, ms: Date.now() - start };
}

/**
 * What SPEC 15 lets a client see while a store is away: the write committed
 * (its success status), or 503 UNAVAILABLE with Retry-After; never a 500,
 * never a wait past `withinMs`.
 */
export function expectCommittedOrUnavailable({ answer, ms }: Timed<Reply>, success: number, withinMs: number): void {
  expect(ms).toBeLessThan(withinMs);
  if (answer.status === 503) expectUnavailable(answer);
  else expect({ status: answer.status, body: answer.body }).toMatchObject({ status: success });
}

export function expectUnavailable(answer: Reply): void {
  expect({ status: answer.status, code: answer.body?.code }).toEqual({ status: 503, code: 'UNAVAILABLE' });
  expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
}

/** A query on the test's database, direct (not through the proxy the processes use). */
export async function query<T extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return withDatabase(url, async (client) => (await client.query<T>(sql, params)).rows);
}

export async function withDatabase<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Every wallet equals its ledger and every transaction balances (the checks of the benchmarks). */
export function expectMoneyInvariants(url: string): Promise<void> {
  return withDatabase(url, async (client) =>
    expect(await moneyChecks(client)).toEqual({ walletsNotEqualToLedger: 0, unbalancedTransactions: 0 }),
  );
}
