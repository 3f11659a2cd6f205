import { randomUUID } from 'node:crypto';
import { addDays } from '../../apps/core/src/clock/calendar';
import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { stateChanges } from '../support/prepaid';
import { answer, invalid, Schemas } from '../support/api-client';
import { TestSystem } from '../support/system';

const D = '2026-07-01';
const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`).toISOString();

/** POST /v1/apps/:id/restore on the simulated clock (SPEC.md 3 and 7). */
describe('operator restores', () => {
  let system: TestSystem;
  let ops: { id: string; key: string };
  let readonly: string;
  let trialApp: string;
  let paygAccount: string;
  let paygApp: string;

  const advance = async (to: string) => expect((await answer(system.http.POST('/v1/clock/advance', { body: { to } }))).status).toBe(200);
  const restore = (
    id: string,
    body: Schemas['RestoreDto'] = { reason: 'spike confirmed with the customer' },
    key = ops.key,
    idempotencyKey: string | null = randomUUID(),
  ) =>
    answer(
      system.as(key).POST('/v1/apps/{id}/restore', {
        params: { path: { id }, header: invalid(idempotencyKey === null ? {} : { 'Idempotency-Key': idempotencyKey }) },
        body,
      }),
    );
  const report = async (appId: string, date: string, dau: number) =>
    (await answer(system.http.POST('/v1/usage/dau', { body: { reports: [{ appId, date, dau }] } }))).data!.results[0].status;
  const app = async (id: string) => (await answer(system.http.GET('/v1/apps/{id}', { params: { path: { id } } }))).data!;

  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: at(D, '10:00'), worker: true });
    const created = (await answer(system.http.POST('/v1/api-keys', { body: { name: 'on call', role: 'ops' } }))).data!;
    ops = { id: created.id, key: created.key };
    readonly = await system.newKey('readonly');
    trialApp = (await anApplication(system).create()).id;
    paygAccount = (await anAccount(system).withCash('1.00').create()).id;
    paygApp = (await anApplication(system).forAccount(paygAccount).create()).id;
    const order = await answer(
      system.http.POST('/v1/orders/payg', {
        params: { header: { 'Idempotency-Key': 'payg' } },
        body: { accountId: paygAccount, appIds: [paygApp] },
      }),
    );
    expect(order.status).toBe(201);
    expect(await report(paygApp, D, 5000)).toBe('accepted');
  }, 30_000);
  afterAll(async () => system.stop());

  it('restores a trial app cut off over 1,000 DAU, recording the acting key; today is not checked again', async () => {
    expect(await report(trialApp, D, 1500)).toBe('accepted');
    expect(await app(trialApp)).toMatchObject({ state: 'suspended', suspensionReason: 'trial_over_limit' });
    expect(await restore(trialApp, { reason: 'x' }, readonly)).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } });
    expect(await restore(trialApp, invalid({}))).toMatchObject({ status: 400, error: { code: 'VALIDATION_FAILED', field: 'reason' } });

    const reply = await restore(trialApp);
    expect(reply).toMatchObject({ status: 200, data: { id: trialApp, state: 'trial', plan: 'trial' } });
    const [change] = await system.prisma.appStateChange.findMany({ where: { appId: trialApp, reason: 'operator_restored' } });
    expect(change).toMatchObject({
      fromState: 'suspended',
      toState: 'trial',
      actingKeyId: ops.id,
      note: 'spike confirmed with the customer',
    });

    // More DAU today, and the hourly sweep: the restore stands for the rest of the day.
    expect(await report(trialApp, D, 2500)).toBe('accepted');
    await advance(at(D, '12:30'));
    expect(await app(trialApp)).toMatchObject({ state: 'trial' });
    expect(await restore(trialApp)).toMatchObject({ status: 409, error: { code: 'INVALID_STATE' } });
  });

  it('checks the trial limit again from the next day', async () => {
    await advance(at(addDays(D, 1), '10:00'));
    expect(await app(trialApp)).toMatchObject({ state: 'trial' });
    expect(await report(trialApp, addDays(D, 1), 1200)).toBe('accepted');
    expect(await app(trialApp)).toMatchObject({ state: 'suspended', suspensionReason: 'trial_over_limit' });
    expect((await stateChanges(system, trialApp)).map((c) => c.reason)).toEqual([
      'trial_over_limit',
      'operator_restored',
      'trial_over_limit',
    ]);
  });

  it('refuses to restore an arrears suspension while the account is in arrears, and restores it under never-suspend', async () => {
    // Charged 32.00 at 06:00 of D+1 with 1.00 in the wallet; suspended 24 hours later.
    await advance(at(addDays(D, 2), '07:00'));
    expect(await app(paygApp)).toMatchObject({ state: 'suspended', suspensionReason: 'arrears' });
    expect(await restore(paygApp)).toMatchObject({
      status: 409,
      error: { code: 'INVALID_STATE', message: expect.stringContaining('arrears') },
    });
    expect(await app(paygApp)).toMatchObject({ state: 'suspended' });

    const privileges = await answer(
      system.http.PUT('/v1/accounts/{id}/privileges', { params: { path: { id: paygAccount } }, body: { neverSuspend: true } }),
    );
    expect(privileges.status).toBe(200);
    const agreed = { reason: 'strategic customer, finance agreed' };
    expect(await restore(paygApp, agreed, ops.key, null)).toMatchObject({
      status: 400,
      error: { code: 'IDEMPOTENCY_KEY_REQUIRED', field: 'Idempotency-Key' },
    });
    const first = await restore(paygApp, agreed, ops.key, 'restore-payg');
    expect(first).toMatchObject({ status: 200, data: { state: 'active', plan: 'payg' } });
    // The operator's retry answers the first restore again and moves nothing twice; another body under that key is a conflict.
    const again = await restore(paygApp, agreed, ops.key, 'restore-payg');
    expect(again).toMatchObject({ status: 200, data: first.data });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await restore(paygApp, { reason: 'another reason' }, ops.key, 'restore-payg')).toMatchObject({
      status: 409,
      error: { code: 'IDEMPOTENCY_CONFLICT' },
    });
    const changes = await system.prisma.appStateChange.findMany({ where: { appId: paygApp, reason: 'operator_restored' } });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ fromState: 'suspended', toState: 'active', actingKeyId: ops.id });
    // The hourly arrears sweep leaves it running.
    await advance(at(addDays(D, 2), '09:30'));
    expect(await app(paygApp)).toMatchObject({ state: 'active' });
    expect((await answer(system.http.GET('/v1/accounts/{id}', { params: { path: { id: paygAccount } } }))).data!.wallet).toMatchObject({
      inArrears: true,
    });
  });

  it('refuses what is not a trial cutoff or an arrears suspension', async () => {
    const running = (await anApplication(system).create()).id;
    expect(await restore(running)).toMatchObject({
      status: 409,
      error: { code: 'INVALID_STATE', message: expect.stringContaining('not suspended') },
    });
    expect(await restore('00000000-0000-4000-8000-000000000000')).toMatchObject({ status: 404, error: { code: 'NOT_FOUND' } });
  });
});
