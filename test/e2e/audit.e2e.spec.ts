import { randomUUID } from 'node:crypto';
import { answer, QueryOf, Schemas } from '../support/api-client';
import { TestSystem } from '../support/system';

/** The audit trail as an operator reads it. */
describe('Audit trail', () => {
  let system: TestSystem;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  type AuditQuery = QueryOf<'/v1/audit-events', 'get'>;
  const auditEvents = (query: AuditQuery, key = system.adminKey) => answer(system.as(key).GET('/v1/audit-events', { params: { query } }));
  const createKey = (body: Schemas['CreateApiKeyDto']) => answer(system.http.POST('/v1/api-keys', { body }));
  const createAccount = (name: string) => answer(system.http.POST('/v1/accounts', { body: { name } }));
  const topUp = (account: string, body: Schemas['TopUpDto'], key: string | null) =>
    answer(
      system.as(key).POST('/v1/accounts/{id}/top-ups', {
        params: { path: { id: account }, header: { 'Idempotency-Key': randomUUID() } },
        body,
      }),
    );

  async function eventsWhere(query: AuditQuery, count: number) {
    const deadline = Date.now() + 3_000;
    for (;;) {
      const reply = await auditEvents(query);
      expect(reply.status).toBe(200);
      if (reply.data!.items.length >= count || Date.now() > deadline) return reply.data!.items;
      await sleep(50);
    }
  }

  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(async () => system.stop());

  it('records allowed and refused writes with the key, action, resource, account, request id, address and status', async () => {
    const created = await createAccount('Audited');
    const account = created.data!.id;
    const reader = (await createKey({ name: 'auditor test reader', role: 'readonly' })).data!;
    const cash: Schemas['TopUpDto'] = { amount: '10.00', kind: 'cash' };
    expect((await topUp(account, cash, system.adminKey)).status).toBe(201);
    expect((await topUp(account, cash, reader.key)).status).toBe(403);
    expect((await topUp(account, cash, null)).status).toBe(401);

    const events = await eventsWhere({ accountId: account }, 4);
    const bootstrap = (await answer(system.http.GET('/v1/api-keys', { params: { query: { limit: 1000 } } }))).data!.items.find(
      (k) => k.bootstrap,
    )!;
    expect(events.map((e) => [e.action, e.status, e.role])).toEqual([
      ['POST /v1/accounts/:id/top-ups', 401, null],
      ['POST /v1/accounts/:id/top-ups', 403, 'readonly'],
      ['POST /v1/accounts/:id/top-ups', 201, 'admin'],
      ['POST /v1/accounts', 201, 'admin'],
    ]);
    expect(events[1]).toMatchObject({
      keyId: reader.id,
      keyName: 'auditor test reader',
      resourceType: 'accounts',
      resourceId: account,
      accountId: account,
    });
    expect(events[2]).toMatchObject({ keyId: bootstrap.id, ip: '127.0.0.1' });
    expect(events[3]).toMatchObject({ resourceId: account, accountId: account });
    expect(events.every((e) => typeof e.requestId === 'string' && !Number.isNaN(Date.parse(e.at)))).toBe(true);
    expect(new Set(events.map((e) => e.id)).size).toBe(4);
  });

  it('filters by key and action, pages by cursor, and records no reads', async () => {
    const reader = (await createKey({ name: 'pager', role: 'readonly' })).data!;
    for (let i = 0; i < 3; i += 1) await system.as(reader.key).DELETE('/v1/api-keys/{id}', { params: { path: { id: randomUUID() } } });
    await system.as(reader.key).GET('/v1/clock');
    const all = await eventsWhere({ keyId: reader.id }, 3);
    expect(all.map((e) => e.action)).toEqual(['DELETE /v1/api-keys/:id', 'DELETE /v1/api-keys/:id', 'DELETE /v1/api-keys/:id']);
    const first = (await auditEvents({ keyId: reader.id, limit: 2 })).data!;
    const second = (await auditEvents({ keyId: reader.id, limit: 2, cursor: first.nextCursor! })).data!;
    expect([...first.items, ...second.items].map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect(second.nextCursor).toBeNull();
    expect((await auditEvents({ action: 'DELETE /v1/api-keys/:id', keyId: reader.id })).data!.items).toHaveLength(3);
    expect(await auditEvents({ cursor: 'zz' })).toMatchObject({ status: 400, error: { field: 'cursor' } });
  });

  it('stamps money movements and orders with the key that caused them', async () => {
    const operator = (await createKey({ name: 'finance desk', role: 'admin' })).data!;
    const account = (await createAccount('Stamped')).data!.id;
    expect((await topUp(account, { amount: '50000.00', kind: 'cash' }, operator.key)).status).toBe(201);
    const app = (
      await answer(
        system.http.POST('/v1/apps', { body: { accountId: account, name: 'stamped app', platform: 'ios', region: 'ap-guangzhou' } }),
      )
    ).data!.id;
    const order = await answer(
      system.as(operator.key).POST('/v1/orders/prepaid', {
        params: { header: { 'Idempotency-Key': randomUUID() } },
        body: { accountId: account, appId: app, units: 1, months: 1 },
      }),
    );
    expect(order.status).toBe(201);
    const moves = await system.prisma.$queryRaw<{ kind: string; acting: string | null }[]>`
      SELECT kind, acting_key_id::text AS acting FROM ledger_transactions WHERE account_id = ${account}::uuid ORDER BY created_at`;
    expect(moves).toEqual([
      { kind: 'top_up', acting: operator.id },
      { kind: 'payment', acting: operator.id },
    ]);
    const [stored] = await system.prisma.$queryRaw<
      { acting: string }[]
    >`SELECT acting_key_id::text AS acting FROM orders WHERE id = ${order.data!.id}::uuid`;
    expect(stored.acting).toBe(operator.id);
  });

  it('is for admin keys only', async () => {
    for (const role of ['ops', 'readonly']) expect((await auditEvents({}, await system.newKey(role))).status).toBe(403);
  });

  it('refuses updates, deletes and truncation of audit events, whoever asks', async () => {
    await eventsWhere({}, 1);
    await expect(system.prisma.$executeRawUnsafe(`UPDATE audit_events SET status = 200`)).rejects.toThrow(/append-only/);
    await expect(system.prisma.$executeRawUnsafe(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    await expect(system.prisma.$executeRawUnsafe(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
  });
});
