import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { requestVia, TestSystem } from '../support/system';

/** Keys as an operator manages them: format, scopes, expiry, usage, listing, rotation and revocation, on two API processes. */
describe('API-key lifecycle', () => {
  let system: TestSystem;
  let a: NestFastifyApplication;
  let b: NestFastifyApplication;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const clock = (api: NestFastifyApplication, key: string) => requestVia(api, 'GET', '/v1/clock', undefined, key);

  async function allKeys(): Promise<any[]> {
    const items: any[] = [];
    let cursor: string | null = null;
    do {
      const reply = await system.request('GET', `/v1/api-keys?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
      expect(reply.status).toBe(200);
      items.push(...reply.body.items);
      cursor = reply.body.nextCursor;
    } while (cursor);
    return items;
  }

  async function eventually(check: () => Promise<void>, ms = 3_000): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
      try {
        return await check();
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(50);
      }
    }
  }

  beforeAll(async () => {
    system = await TestSystem.start({ env: { API_KEY_LAST_USED_FLUSH_MS: '200' } });
    a = system.api;
    b = await system.startApi();
  });
  afterAll(async () => system.stop());

  it('issues pbk_<key id>_<secret> keys whose listed prefix is the public id and whose secret is stored only as a hash', async () => {
    const created = await system.request('POST', '/v1/api-keys', { name: 'gateway', role: 'ingest', regions: ['ap-shanghai'] });
    expect(created.status).toBe(201);
    const [, keyId, secret] = /^pbk_([0-9a-f]{16})_(.{43})$/.exec(created.body.key)!;
    expect(created.body).toMatchObject({
      name: 'gateway',
      role: 'ingest',
      regions: ['ap-shanghai'],
      prefix: keyId,
      accountId: null,
      expiresAt: null,
    });
    const listed = (await allKeys()).find((key) => key.id === created.body.id);
    expect(listed).toEqual({ ...created.body, key: undefined, lastUsedAt: null });
    expect(JSON.stringify(await allKeys())).not.toContain(secret);
    const [row] = await system.prisma.$queryRaw<any[]>`SELECT * FROM api_keys WHERE id = ${created.body.id}::uuid`;
    expect(JSON.stringify(row)).not.toContain(secret.slice(0, 8));
    expect(row.key_prefix).toBe(keyId);
  });

  it('refuses bad scopes with the field at fault', async () => {
    expect(await system.request('POST', '/v1/api-keys', { name: 'x', role: 'readonly', regions: ['ap-shanghai'] })).toMatchObject({
      status: 400,
      body: { field: 'regions' },
    });
    expect(await system.request('POST', '/v1/api-keys', { name: 'x', role: 'ingest', regions: ['mars-1'] })).toMatchObject({
      status: 400,
      body: { field: 'regions' },
    });
    expect(await system.request('POST', '/v1/api-keys', { name: 'x', role: 'admin', expiresAt: '2020-01-01T00:00:00Z' })).toMatchObject({
      status: 400,
      body: { field: 'expiresAt' },
    });
    expect(
      await system.request('POST', '/v1/api-keys', { name: 'x', role: 'admin', accountId: '4b0c6a43-2f3e-4a4b-9b53-3f3c3e0d9a11' }),
    ).toMatchObject({ status: 400, body: { field: 'accountId' } });
    expect(await system.request('GET', '/v1/api-keys?cursor=not-a-cursor')).toMatchObject({ status: 400, body: { field: 'cursor' } });
  });

  it('ends a key at its expiresAt (wall-clock) on every process', async () => {
    const expiresAt = new Date(Date.now() + 1_500).toISOString();
    const created = await system.request('POST', '/v1/api-keys', { name: 'short', role: 'readonly', expiresAt });
    expect(created.body.expiresAt).toBe(expiresAt);
    expect((await clock(a, created.body.key)).status).toBe(200);
    expect((await clock(b, created.body.key)).status).toBe(200);
    await sleep(Date.parse(expiresAt) - Date.now() + 50);
    expect(await clock(a, created.body.key)).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect((await clock(b, created.body.key)).status).toBe(401);
  });

  it('records lastUsedAt in batches, without a write per request', async () => {
    const created = await system.request('POST', '/v1/api-keys', { name: 'reader', role: 'readonly' });
    const before = Date.now();
    for (let i = 0; i < 5; i += 1) expect((await clock(b, created.body.key)).status).toBe(200);
    await eventually(async () => {
      const listed = (await allKeys()).find((key) => key.id === created.body.id);
      expect(listed.lastUsedAt).not.toBeNull();
      expect(Date.parse(listed.lastUsedAt)).toBeGreaterThanOrEqual(before - 5);
    });
  });

  it('pages the list by keyset: every key once, newest first, a null cursor on the last page', async () => {
    for (let i = 0; i < 5; i += 1) await system.request('POST', '/v1/api-keys', { name: `page-${i}`, role: 'readonly' });
    const everything = await allKeys();
    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const reply = await system.request('GET', `/v1/api-keys?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(reply.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...reply.body.items);
      cursor = reply.body.nextCursor;
    } while (cursor);
    expect(seen.map((key) => key.id)).toEqual(everything.map((key) => key.id));
    const created = seen.map((key) => Date.parse(key.createdAt));
    expect([...created].sort((x, y) => y - x)).toEqual(created);
  });

  it('rotates a key: the successor works at once everywhere, the old one until the grace period ends', async () => {
    const old = await system.request('POST', '/v1/api-keys', { name: 'rotating', role: 'ops' });
    expect((await clock(a, old.body.key)).status).toBe(200);
    expect((await clock(b, old.body.key)).status).toBe(200);
    const rotated = await requestVia(a, 'POST', `/v1/api-keys/${old.body.id}/rotate`, { graceSeconds: 1 });
    expect(rotated).toMatchObject({ status: 201, body: { name: 'rotating', role: 'ops' } });
    expect(rotated.body.key).not.toBe(old.body.key);
    expect((await clock(b, rotated.body.key)).status).toBe(200);
    expect((await clock(b, old.body.key)).status).toBe(200);
    const listed = (await allKeys()).find((key) => key.id === old.body.id);
    expect(listed.rotatedTo).toBe(rotated.body.id);
    await sleep(Date.parse(listed.expiresAt) - Date.now() + 50);
    expect((await clock(a, old.body.key)).status).toBe(401);
    expect((await clock(b, old.body.key)).status).toBe(401);
    expect((await clock(b, rotated.body.key)).status).toBe(200);
    expect(await requestVia(b, 'POST', `/v1/api-keys/${old.body.id}/rotate`, {})).toMatchObject({ status: 404 });
  });

  it('gives a rotated key a day of grace by default, and refuses to rotate it twice', async () => {
    const old = await system.request('POST', '/v1/api-keys', { name: 'daily', role: 'readonly' });
    const before = Date.now();
    const rotated = await system.request('POST', `/v1/api-keys/${old.body.id}/rotate`, {});
    expect(rotated.status).toBe(201);
    const listed = (await allKeys()).find((key) => key.id === old.body.id);
    expect(Date.parse(listed.expiresAt) - before).toBeGreaterThanOrEqual(86_400_000 - 10);
    expect(Date.parse(listed.expiresAt) - before).toBeLessThan(86_400_000 + 10_000);
    expect(await system.request('POST', `/v1/api-keys/${old.body.id}/rotate`, {})).toMatchObject({
      status: 409,
      body: { code: 'INVALID_STATE' },
    });
    expect(await system.request('POST', `/v1/api-keys/${old.body.id}/rotate`, { graceSeconds: -1 })).toMatchObject({
      status: 400,
      body: { field: 'graceSeconds' },
    });
  });

  it('revokes the bootstrap key like any other, on every process, and a restart does not bring it back', async () => {
    const bootstrap = (await allKeys()).filter((key) => key.bootstrap && !key.revokedAt);
    expect(bootstrap).toHaveLength(1);
    const admin = await operatorKey();
    expect((await clock(b, system.adminKey)).status).toBe(200);
    expect(await requestVia(a, 'DELETE', `/v1/api-keys/${bootstrap[0].id}`, undefined, admin)).toMatchObject({ status: 204 });
    expect((await clock(a, system.adminKey)).status).toBe(401);
    await eventually(async () => expect((await clock(b, system.adminKey)).status).toBe(401));
    const restarted = await system.startApi();
    expect((await clock(restarted, system.adminKey)).status).toBe(401);
    expect((await clock(restarted, admin)).status).toBe(200);
  });

  it('replaces the bootstrap key when ADMIN_API_KEY changes, instead of adding a second one', async () => {
    // The bootstrap key was revoked above: this test acts with an admin key of its own.
    const created = await requestVia(a, 'POST', '/v1/api-keys', { name: 'operator', role: 'admin' }, await operatorKey());
    const operator: string = created.body.key;
    const previous = process.env.ADMIN_API_KEY;
    const first = 'first-bootstrap-key-0123456789';
    const second = 'second-bootstrap-key-0123456789';
    try {
      process.env.ADMIN_API_KEY = first;
      const one = await system.startApi();
      expect((await clock(one, first)).status).toBe(200);
      process.env.ADMIN_API_KEY = second;
      const two = await system.startApi();
      expect((await clock(two, second)).status).toBe(200);
      await eventually(async () => expect((await clock(one, first)).status).toBe(401));
      const active = (await allKeysWith(operator)).filter((key) => key.bootstrap && !key.revokedAt);
      expect(active).toHaveLength(1);
    } finally {
      process.env.ADMIN_API_KEY = previous;
    }
  });

  /** An admin key that outlives the bootstrap key's revocation. */
  let operatorKeyValue: string | null = null;
  async function operatorKey(): Promise<string> {
    operatorKeyValue ??= await system.newKey('admin');
    return operatorKeyValue;
  }

  async function allKeysWith(key: string): Promise<any[]> {
    const reply = await requestVia(a, 'GET', '/v1/api-keys?limit=1000', undefined, key);
    expect(reply.body.nextCursor).toBeNull();
    return reply.body.items;
  }
});
