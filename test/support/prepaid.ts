import { randomUUID } from 'node:crypto';
import { answer, Schemas } from './api-client';
import type { TestSystem } from './system';

export type PrepaidRequest = Schemas['PrepaidOrderDto'];

/** POST /v1/orders/prepaid under a fresh (or the given) Idempotency-Key. */
export function buyPrepaid(system: TestSystem, body: PrepaidRequest, key: string = randomUUID()) {
  return answer(system.http.POST('/v1/orders/prepaid', { params: { header: { 'Idempotency-Key': key } }, body }));
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
  return (await answer(system.http.GET('/v1/accounts/{id}', { params: { path: { id: accountId } } }))).data!.wallet;
}
