import { randomUUID } from 'node:crypto';
import type { Reply, TestSystem } from './system';

export interface PrepaidRequest {
  accountId: string;
  appId: string;
  units: number;
  months: number;
  autoRenew?: boolean;
  voucherIds?: string[];
}

/** POST /v1/orders/prepaid under a fresh (or the given) Idempotency-Key. */
export function buyPrepaid(system: TestSystem, body: PrepaidRequest, key: string = randomUUID()): Promise<Reply> {
  return system.request('POST', '/v1/orders/prepaid', body, system.adminKey, { 'idempotency-key': key });
}

/** Polls until `check` passes (jobs run on the worker asynchronously). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** The app's lifecycle moves, oldest first. */
export async function stateChanges(system: TestSystem, appId: string) {
  const rows = await system.prisma.appStateChange.findMany({ where: { appId }, orderBy: { id: 'asc' } });
  return rows.map((c) => ({ from: c.fromState, to: c.toState, reason: c.reason, at: c.at.toISOString() }));
}

/** The app's notices as [type, billing day], oldest first. */
export async function notices(system: TestSystem, appId: string): Promise<[string, string][]> {
  const rows = await system.prisma.notification.findMany({ where: { appId }, orderBy: [{ createdAt: 'asc' }, { type: 'asc' }] });
  return rows.map((n) => [n.type, n.day.toISOString().slice(0, 10)]);
}

export async function wallet(system: TestSystem, accountId: string) {
  return (await system.request('GET', `/v1/accounts/${accountId}`)).body.wallet;
}
