import { randomUUID } from 'node:crypto';
import { answer } from '../support/api-client';
import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { TestSystem } from '../support/system';

const TOP_UP = 'POST /v1/accounts/:id/top-ups';

/** SPEC.md 16: a money write records its audit event in its own transaction. */
describe('Audit events of money writes', () => {
  let system: TestSystem;
  let operator: { id: string; key: string };

  const topUp = (accountId: string, amount: string, key = operator.key) =>
    answer(
      system.as(key).POST('/v1/accounts/{id}/top-ups', {
        params: { path: { id: accountId }, header: { 'Idempotency-Key': randomUUID() } },
        body: { amount, kind: 'cash' },
      }),
    );
  /** The audit rows of an action on an account, with the id of the database transaction that wrote each. */
  const auditRows = (accountId: string, action: string) =>
    system.prisma.$queryRaw<{ xid: string; keyId: string | null; status: number }[]>`
      SELECT xmin::text AS xid, key_id::text AS "keyId", status FROM audit_events
      WHERE account_id = ${accountId}::uuid AND action = ${action} ORDER BY id`;
  const ledgerRows = (accountId: string) =>
    system.prisma.$queryRaw<{ xid: string; kind: string }[]>`
      SELECT xmin::text AS xid, kind FROM ledger_transactions WHERE account_id = ${accountId}::uuid ORDER BY created_at`;
  /** Refusals are recorded after the answer: wait until `count` rows are there (and no more come). */
  async function settledAuditRows(accountId: string, action: string, count: number) {
    for (const deadline = Date.now() + 3_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      if ((await auditRows(accountId, action)).length >= count) break;
    }
    await new Promise((r) => setTimeout(r, 200));
    return auditRows(accountId, action);
  }

  beforeAll(async () => {
    system = await TestSystem.start();
    const created = await answer(system.http.POST('/v1/api-keys', { body: { name: 'finance desk', role: 'admin' } }));
    operator = { id: created.data!.id, key: created.data!.key };
  });
  afterAll(async () => system.stop());

  it("commits a top-up's audit event in the top-up's own transaction, with the key, route and status", async () => {
    const account = (await anAccount(system).create()).id;
    expect(await topUp(account, '25.00')).toMatchObject({ status: 201, data: { kind: 'top_up' } });

    // Already there when the answer arrives: written by the transaction that moved the money, not after the answer.
    const [audited] = await auditRows(account, TOP_UP);
    const [moved] = await ledgerRows(account);
    expect(audited).toMatchObject({ keyId: operator.id, status: 201 });
    expect(moved.kind).toBe('top_up');
    expect(audited.xid).toBe(moved.xid);

    const listed = await answer(system.http.GET('/v1/audit-events', { params: { query: { accountId: account, action: TOP_UP } } }));
    expect(listed.data!.items).toEqual([
      expect.objectContaining({
        keyId: operator.id,
        keyName: 'finance desk',
        role: 'admin',
        action: TOP_UP,
        resourceType: 'accounts',
        resourceId: account,
        accountId: account,
        status: 201,
      }),
    ]);
  });

  it('leaves a refused purchase with no ledger transaction, no order and one refusal event', async () => {
    const account = (await anAccount(system).withCash('10.00').create()).id;
    const app = (await anApplication(system).forAccount(account).create()).id;
    const before = await ledgerRows(account);
    const refused = await answer(
      system.as(operator.key).POST('/v1/orders/prepaid', {
        params: { header: { 'Idempotency-Key': randomUUID() } },
        body: { accountId: account, appId: app, units: 1, months: 1, autoRenew: false },
      }),
    );
    expect(refused).toMatchObject({ status: 402, error: { code: 'INSUFFICIENT_BALANCE' } });

    expect(await ledgerRows(account)).toEqual(before);
    expect(await system.prisma.order.count({ where: { accountId: account } })).toBe(0);
    expect(await settledAuditRows(account, 'POST /v1/orders/prepaid', 1)).toEqual([
      { xid: expect.any(String), keyId: operator.id, status: 402 },
    ]);
  });

  it('rolls the money back when its audit event cannot be written', async () => {
    const account = (await anAccount(system).create()).id;
    // A fault in the audit insert of this account's successful top-ups only, raised after the ledger insert.
    await system.prisma.$executeRawUnsafe(`
      CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.account_id = '${account}' AND NEW.status < 400 THEN RAISE EXCEPTION 'induced audit failure'; END IF;
        RETURN NEW;
      END $$`);
    await system.prisma.$executeRawUnsafe(
      `CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()`,
    );
    try {
      const failed = await system.api.inject({
        method: 'POST',
        url: `/v1/accounts/${account}/top-ups`,
        headers: { authorization: `Bearer ${operator.key}`, 'idempotency-key': randomUUID() },
        payload: { amount: '25.00', kind: 'cash' },
      });
      expect(failed.statusCode).toBeGreaterThanOrEqual(500);
      expect(await ledgerRows(account)).toEqual([]);
      expect((await answer(system.http.GET('/v1/accounts/{id}', { params: { path: { id: account } } }))).data!.wallet.cash).toBe('0.00');
      expect((await settledAuditRows(account, TOP_UP, 1)).map((row) => row.status)).toEqual([failed.statusCode]);
    } finally {
      await system.prisma.$executeRawUnsafe(`DROP TRIGGER test_refuse_audit ON audit_events`);
      await system.prisma.$executeRawUnsafe(`DROP FUNCTION test_refuse_audit()`);
    }
  });

  it('keeps the acting key and the in-transaction event over a real socket, where the body arrives after the key is read', async () => {
    const account = (await anAccount(system).create()).id;
    const url = await system.api.getHttpAdapter().getInstance().listen({ port: 0, host: '127.0.0.1' });
    const reply = await fetch(`${url}/v1/accounts/${account}/top-ups`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator.key}`, 'idempotency-key': randomUUID(), 'content-type': 'application/json' },
      body: JSON.stringify({ amount: '7.00', kind: 'cash' }),
    });
    expect(reply.status).toBe(201);
    const [moved] = await ledgerRows(account);
    const [audited] = await auditRows(account, TOP_UP);
    expect(audited).toMatchObject({ keyId: operator.id, status: 201, xid: moved.xid });
    const [stamped] = await system.prisma.$queryRaw<{ acting: string }[]>`
      SELECT acting_key_id::text AS acting FROM ledger_transactions WHERE account_id = ${account}::uuid`;
    expect(stamped.acting).toBe(operator.id);
  });
});
