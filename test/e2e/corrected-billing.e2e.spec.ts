import { randomUUID } from 'node:crypto';
import { answer } from '../support/api-client';
import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { TestSystem } from '../support/system';

const DAY = '2026-03-01';

/** SPEC.md 12.1 and 16: an operator's DAU correction is what the day is billed on, and it is audited with the acting key. */
describe('Billing a corrected day', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: `${DAY}T08:00:00+08:00`, worker: true });
  });
  afterAll(async () => system.stop());

  it('prices the day on the corrected DAU at 06:00 and records who corrected it', async () => {
    const account = (await anAccount(system).withCash('500.00').create()).id;
    const app = (await anApplication(system).forAccount(account).inRegion('ap-guangzhou').create()).id;
    const activated = await answer(
      system.http.POST('/v1/orders/payg', {
        params: { header: { 'Idempotency-Key': randomUUID() } },
        body: { accountId: account, appIds: [app] },
      }),
    );
    expect(activated.status).toBe(201);

    // A gateway double-counts the day: 70,000 reported, 40,000 real.
    const ingest = await answer(system.http.POST('/v1/api-keys', { body: { name: 'gateway gz', role: 'ingest' } }));
    const reported = await answer(
      system.as(ingest.data!.key).POST('/v1/usage/dau', { body: { reports: [{ appId: app, date: DAY, dau: 70000, source: 'gw-gz' }] } }),
    );
    expect(reported.data!.results).toEqual([expect.objectContaining({ status: 'accepted' })]);
    const ops = await answer(system.http.POST('/v1/api-keys', { body: { name: 'ops on call', role: 'ops' } }));
    const corrected = await answer(
      system.as(ops.data!.key).POST('/v1/apps/{id}/usage/corrections', {
        params: { path: { id: app }, header: { 'Idempotency-Key': randomUUID() } },
        body: { date: DAY, dau: 40000, reason: 'gw-gz counted every device twice' },
      }),
    );
    expect(corrected).toMatchObject({ status: 201, data: { appId: app, date: DAY, dau: 40000, previousDau: 70000 } });

    expect((await answer(system.http.POST('/v1/clock/advance', { body: { to: '2026-03-02T07:00:00+08:00' } }))).status).toBe(200);

    // Domestic, over 10,000 DAU: 0.0032 x 40,000 = 128.00 (the reported 70,000 would have cost 224.00).
    const bills = await answer(system.http.GET('/v1/bills', { params: { query: { accountId: account } } }));
    expect(bills.data!.items).toEqual([expect.objectContaining({ appId: app, date: DAY, dau: 40000, chargedDay: 1, amount: '128.00' })]);
    const wallet = (await answer(system.http.GET('/v1/accounts/{id}', { params: { path: { id: account } } }))).data!.wallet;
    expect(wallet).toMatchObject({ cash: '372.00', inArrears: false });

    const audited = await answer(
      system.http.GET('/v1/audit-events', { params: { query: { keyId: ops.data!.id, action: 'POST /v1/apps/:id/usage/corrections' } } }),
    );
    expect(audited.data!.items).toEqual([
      expect.objectContaining({
        keyName: 'ops on call',
        role: 'ops',
        resourceType: 'apps',
        resourceId: app,
        accountId: account,
        status: 201,
      }),
    ]);
  });
});
