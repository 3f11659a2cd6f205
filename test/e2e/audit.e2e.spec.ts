import { randomUUID } from 'node:crypto';
import { TestSystem } from '../support/system';

/** The audit trail as an operator reads it. */
describe('Audit trail', () => {
  let system: TestSystem;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function eventsWhere(query: string, count: number): Promise<any[]> {
    const deadline = Date.now() + 3_000;
    for (;;) {
      const reply = await system.request('GET', `/v1/audit-events?${query}`);
      expect(reply.status).toBe(200);
      if (reply.body.items.length >= count || Date.now() > deadline) return reply.body.items;
      await sleep(50);
    }
  }

  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(async () => system.stop());

  it('records allowed and refused writes with the key, action, resource, account, request id, address and status', async () => {
    const created = await system.request('POST', '/v1/accounts', { name: 'Audited' });
    const account = created.body.id;
    const reader = await system.request('POST', '/v1/api-keys', { name: 'auditor test reader', role: 'readonly' });
    const topUp = { amount: '10.00', kind: 'cash' };
    expect(
      (await system.request('POST', `/v1/accounts/${account}/top-ups`, topUp, system.adminKey, { 'idempotency-key': randomUUID() })).status,
    ).toBe(201);
    expect(
      (await system.request('POST', `/v1/accounts/${account}/top-ups`, topUp, reader.body.key, { 'idempotency-key': randomUUID() })).status,
    ).toBe(403);
    expect((await system.request('POST', `/v1/accounts/${account}/top-ups`, topUp, null)).status).toBe(401);

    const events = await eventsWhere(`accountId=${account}`, 4);
    const bootstrap = (await system.request('GET', '/v1/api-keys?limit=1000')).body.items.find((k: any) => k.bootstrap);
    expect(events.map((e) => [e.action, e.status, e.role])).toEqual([
      ['POST /v1/accounts/:id/top-ups', 401, null],
      ['POST /v1/accounts/:id/top-ups', 403, 'readonly'],
      ['POST /v1/accounts/:id/top-ups', 201, 'admin'],
      ['POST /v1/accounts', 201, 'admin'],
    ]);
    expect(events[1]).toMatchObject({
      keyId: reader.body.id,
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
    const reader = await system.request('POST', '/v1/api-keys', { name: 'pager', role: 'readonly' });
    for (let i = 0; i < 3; i += 1) await system.request('DELETE', `/v1/api-keys/${randomUUID()}`, undefined, reader.body.key);
    await system.request('GET', '/v1/clock', undefined, reader.body.key);
    const all = await eventsWhere(`keyId=${reader.body.id}`, 3);
    expect(all.map((e) => e.action)).toEqual(['DELETE /v1/api-keys/:id', 'DELETE /v1/api-keys/:id', 'DELETE /v1/api-keys/:id']);
    const first = await system.request('GET', `/v1/audit-events?keyId=${reader.body.id}&limit=2`);
    const second = await system.request('GET', `/v1/audit-events?keyId=${reader.body.id}&limit=2&cursor=${first.body.nextCursor}`);
    expect([...first.body.items, ...second.body.items].map((e: any) => e.id)).toEqual(all.map((e) => e.id));
    expect(second.body.nextCursor).toBeNull();
    expect(
      (await system.request('GET', `/v1/audit-events?action=${encodeURIComponent('DELETE /v1/api-keys/:id')}&keyId=${reader.body.id}`)).body
        .items,
    ).toHaveLength(3);
    expect(await system.request('GET', '/v1/audit-events?cursor=zz')).toMatchObject({ status: 400, body: { field: 'cursor' } });
  });

  it('stamps money movements and orders with the key that caused them', async () => {
    const operator = await system.request('POST', '/v1/api-keys', { name: 'finance desk', role: 'admin' });
    const account = (await system.request('POST', '/v1/accounts', { name: 'Stamped' })).body.id;
    const topUp = await system.request('POST', `/v1/accounts/${account}/top-ups`, { amount: '50000.00', kind: 'cash' }, operator.body.key, {
      'idempotency-key': randomUUID(),
    });
    expect(topUp.status).toBe(201);
    const app = (
      await system.request('POST', '/v1/apps', { accountId: account, name: 'stamped app', platform: 'ios', region: 'ap-guangzhou' })
    ).body.id;
    const order = await system.request(
      'POST',
      '/v1/orders/prepaid',
      { accountId: account, appId: app, units: 1, months: 1 },
      operator.body.key,
      { 'idempotency-key': randomUUID() },
    );
    expect(order.status).toBe(201);
    const moves = await system.prisma.$queryRaw<{ kind: string; acting: string | null }[]>`
      SELECT kind, acting_key_id::text AS acting FROM ledger_transactions WHERE account_id = ${account}::uuid ORDER BY created_at`;
    expect(moves).toEqual([
      { kind: 'top_up', acting: operator.body.id },
      { kind: 'payment', acting: operator.body.id },
    ]);
    const [stored] = await system.prisma.$queryRaw<
      { acting: string }[]
    >`SELECT acting_key_id::text AS acting FROM orders WHERE id = ${order.body.id}::uuid`;
    expect(stored.acting).toBe(operator.body.id);
  });

  it('is for admin keys only', async () => {
    for (const role of ['ops', 'readonly'])
      expect((await system.request('GET', '/v1/audit-events', undefined, await system.newKey(role))).status).toBe(403);
  });

  it('refuses updates, deletes and truncation of audit events, whoever asks', async () => {
    await eventsWhere('', 1);
    await expect(system.prisma.$executeRawUnsafe(`UPDATE audit_events SET status = 200`)).rejects.toThrow(/append-only/);
    await expect(system.prisma.$executeRawUnsafe(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    await expect(system.prisma.$executeRawUnsafe(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
  });
});
