import { addDays } from '../../apps/core/src/clock/calendar';
import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { stateChanges } from '../support/prepaid';
import { freshKey } from '../support/idempotency';
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

  const advance = async (to: string) => expect((await system.request('POST', '/v1/clock/advance', { to })).status).toBe(200);
  const restore = (
    appId: string,
    body: unknown = { reason: 'spike confirmed with the customer' },
    key = ops.key,
    headers: Record<string, string> = freshKey(),
  ) => system.request('POST', `/v1/apps/${appId}/restore`, body, key, headers);
  const report = async (appId: string, date: string, dau: number) =>
    (await system.request('POST', '/v1/usage/dau', { reports: [{ appId, date, dau }] })).body.results[0].status;
  const app = async (appId: string) => (await system.request('GET', `/v1/apps/${appId}`)).body;

  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: at(D, '10:00'), worker: true });
    const created = await system.request('POST', '/v1/api-keys', { name: 'on call', role: 'ops' });
    ops = { id: created.body.id, key: created.body.key };
    readonly = await system.newKey('readonly');
    trialApp = (await anApplication(system).create()).id;
    paygAccount = (await anAccount(system).withCash('1.00').create()).id;
    paygApp = (await anApplication(system).forAccount(paygAccount).create()).id;
    const order = await system.request('POST', '/v1/orders/payg', { accountId: paygAccount, appIds: [paygApp] }, system.adminKey, {
      'idempotency-key': 'payg',
    });
    expect(order.status).toBe(201);
    expect(await report(paygApp, D, 5000)).toBe('accepted');
  }, 30_000);
  afterAll(async () => system.stop());

  it('restores a trial app cut off over 1,000 DAU, recording the acting key; today is not checked again', async () => {
    expect(await report(trialApp, D, 1500)).toBe('accepted');
    expect(await app(trialApp)).toMatchObject({ state: 'suspended', suspensionReason: 'trial_over_limit' });
    expect(await restore(trialApp, { reason: 'x' }, readonly)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await restore(trialApp, {})).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', field: 'reason' } });

    const reply = await restore(trialApp);
    expect(reply).toMatchObject({ status: 200, body: { id: trialApp, state: 'trial', plan: 'trial' } });
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
    expect(await restore(trialApp)).toMatchObject({ status: 409, body: { code: 'INVALID_STATE' } });
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
      body: { code: 'INVALID_STATE', message: expect.stringContaining('arrears') },
    });
    expect(await app(paygApp)).toMatchObject({ state: 'suspended' });

    expect((await system.request('PUT', `/v1/accounts/${paygAccount}/privileges`, { neverSuspend: true })).status).toBe(200);
    const agreed = { reason: 'strategic customer, finance agreed' };
    expect(await restore(paygApp, agreed, ops.key, {})).toMatchObject({
      status: 400,
      body: { code: 'IDEMPOTENCY_KEY_REQUIRED', field: 'Idempotency-Key' },
    });
    const first = await restore(paygApp, agreed, ops.key, { 'idempotency-key': 'restore-payg' });
    expect(first).toMatchObject({ status: 200, body: { state: 'active', plan: 'payg' } });
    // The operator's retry answers the first restore again and moves nothing twice; another body under that key is a conflict.
    expect(await restore(paygApp, agreed, ops.key, { 'idempotency-key': 'restore-payg' })).toEqual(first);
    expect(await restore(paygApp, { reason: 'another reason' }, ops.key, { 'idempotency-key': 'restore-payg' })).toMatchObject({
      status: 409,
      body: { code: 'IDEMPOTENCY_CONFLICT' },
    });
    const changes = await system.prisma.appStateChange.findMany({ where: { appId: paygApp, reason: 'operator_restored' } });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ fromState: 'suspended', toState: 'active', actingKeyId: ops.id });
    // The hourly arrears sweep leaves it running.
    await advance(at(addDays(D, 2), '09:30'));
    expect(await app(paygApp)).toMatchObject({ state: 'active' });
    expect((await system.request('GET', `/v1/accounts/${paygAccount}`)).body.wallet).toMatchObject({ inArrears: true });
  });

  it('refuses what is not a trial cutoff or an arrears suspension', async () => {
    const running = (await anApplication(system).create()).id;
    expect(await restore(running)).toMatchObject({
      status: 409,
      body: { code: 'INVALID_STATE', message: expect.stringContaining('not suspended') },
    });
    expect(await restore('00000000-0000-4000-8000-000000000000')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });
});
