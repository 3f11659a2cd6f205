import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { answer, apiClient, everyItem, invalid, Schemas } from '../support/api-client';
import { TestSystem } from '../support/system';

/** Keys as an operator manages them: format, scopes, expiry, usage, listing, rotation and revocation, on two API processes. */
describe('API-key lifecycle', () => {
  let system: TestSystem;
  let a: NestFastifyApplication;
  let b: NestFastifyApplication;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const clock = (api: NestFastifyApplication, key: string) => answer(apiClient(api, key).GET('/v1/clock'));
  const createKey = (body: Schemas['CreateApiKeyDto'], key = system.adminKey) => answer(system.as(key).POST('/v1/api-keys', { body }));
  const rotate = (api: NestFastifyApplication, id: string, body: Schemas['RotateApiKeyDto']) =>
    answer(apiClient(api, system.adminKey).POST('/v1/api-keys/{id}/rotate', { params: { path: { id } }, body }));
  const keyPage = (query: { limit?: number; cursor?: string }, key = system.adminKey) =>
    answer(system.as(key).GET('/v1/api-keys', { params: { query } }));

  const allKeys = () => everyItem((cursor) => keyPage({ limit: 1000, cursor }));

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
    const created = await createKey({ name: 'gateway', role: 'ingest', regions: ['ap-shanghai'] });
    expect(created.status).toBe(201);
    const [, keyId, secret] = /^pbk_([0-9a-f]{16})_(.{43})$/.exec(created.data!.key)!;
    expect(created.data).toMatchObject({
      name: 'gateway',
      role: 'ingest',
      regions: ['ap-shanghai'],
      prefix: keyId,
      accountId: null,
      expiresAt: null,
    });
    const listed = (await allKeys()).find((key) => key.id === created.data!.id);
    expect(listed).toEqual({ ...created.data, key: undefined, lastUsedAt: null });
    expect(JSON.stringify(await allKeys())).not.toContain(secret);
    const [row] = await system.prisma.$queryRaw<any[]>`SELECT * FROM api_keys WHERE id = ${created.data!.id}::uuid`;
    expect(JSON.stringify(row)).not.toContain(secret.slice(0, 8));
    expect(row.key_prefix).toBe(keyId);
  });

  it('refuses bad scopes with the field at fault', async () => {
    expect(await createKey({ name: 'x', role: 'readonly', regions: ['ap-shanghai'] })).toMatchObject({
      status: 400,
      error: { field: 'regions' },
    });
    expect(await createKey({ name: 'x', role: 'ingest', regions: [invalid('mars-1')] })).toMatchObject({
      status: 400,
      error: { field: 'regions' },
    });
    expect(await createKey({ name: 'x', role: 'admin', expiresAt: '2020-01-01T00:00:00Z' })).toMatchObject({
      status: 400,
      error: { field: 'expiresAt' },
    });
    expect(await createKey({ name: 'x', role: 'admin', accountId: '4b0c6a43-2f3e-4a4b-9b53-3f3c3e0d9a11' })).toMatchObject({
      status: 400,
      error: { field: 'accountId' },
    });
    expect(await keyPage({ cursor: 'not-a-cursor' })).toMatchObject({ status: 400, error: { field: 'cursor' } });
  });

  it('ends a key at its expiresAt (wall-clock) on every process', async () => {
    const expiresAt = new Date(Date.now() + 1_500).toISOString();
    const created = (await createKey({ name: 'short', role: 'readonly', expiresAt })).data!;
    expect(created.expiresAt).toBe(expiresAt);
    expect((await clock(a, created.key)).status).toBe(200);
    expect((await clock(b, created.key)).status).toBe(200);
    await sleep(Date.parse(expiresAt) - Date.now() + 50);
    expect(await clock(a, created.key)).toMatchObject({ status: 401, error: { code: 'UNAUTHENTICATED' } });
    expect((await clock(b, created.key)).status).toBe(401);
  });

  it('records lastUsedAt in batches, without a write per request', async () => {
    const created = (await createKey({ name: 'reader', role: 'readonly' })).data!;
    const before = Date.now();
    for (let i = 0; i < 5; i += 1) expect((await clock(b, created.key)).status).toBe(200);
    await eventually(async () => {
      const listed = (await allKeys()).find((key) => key.id === created.id)!;
      expect(listed.lastUsedAt).not.toBeNull();
      expect(Date.parse(listed.lastUsedAt!)).toBeGreaterThanOrEqual(before - 5);
    });
  });

  it('pages the list by keyset: every key once, newest first, a null cursor on the last page', async () => {
    for (let i = 0; i < 5; i += 1) await createKey({ name: `page-${i}`, role: 'readonly' });
    const everything = await allKeys();
    const seen = await everyItem(async (cursor) => {
      const reply = await keyPage({ limit: 2, cursor });
      expect(reply.data!.items.length).toBeLessThanOrEqual(2);
      return reply;
    });
    expect(seen.map((key) => key.id)).toEqual(everything.map((key) => key.id));
    const created = seen.map((key) => Date.parse(key.createdAt));
    expect([...created].sort((x, y) => y - x)).toEqual(created);
  });

  it('rotates a key: the successor works at once everywhere, the old one until the grace period ends', async () => {
    const old = (await createKey({ name: 'rotating', role: 'ops' })).data!;
    expect((await clock(a, old.key)).status).toBe(200);
    expect((await clock(b, old.key)).status).toBe(200);
    const rotated = await rotate(a, old.id, { graceSeconds: 1 });
    expect(rotated).toMatchObject({ status: 201, data: { name: 'rotating', role: 'ops' } });
    expect(rotated.data!.key).not.toBe(old.key);
    expect((await clock(b, rotated.data!.key)).status).toBe(200);
    expect((await clock(b, old.key)).status).toBe(200);
    const listed = (await allKeys()).find((key) => key.id === old.id)!;
    expect(listed.rotatedTo).toBe(rotated.data!.id);
    await sleep(Date.parse(listed.expiresAt!) - Date.now() + 50);
    expect((await clock(a, old.key)).status).toBe(401);
    expect((await clock(b, old.key)).status).toBe(401);
    expect((await clock(b, rotated.data!.key)).status).toBe(200);
    expect(await rotate(b, old.id, {})).toMatchObject({ status: 404 });
  });

  it('gives a rotated key a day of grace by default, and refuses to rotate it twice', async () => {
    const old = (await createKey({ name: 'daily', role: 'readonly' })).data!;
    const before = Date.now();
    const rotated = await rotate(a, old.id, {});
    expect(rotated.status).toBe(201);
    const listed = (await allKeys()).find((key) => key.id === old.id)!;
    expect(Date.parse(listed.expiresAt!) - before).toBeGreaterThanOrEqual(86_400_000 - 10);
    expect(Date.parse(listed.expiresAt!) - before).toBeLessThan(86_400_000 + 10_000);
    expect(await rotate(a, old.id, {})).toMatchObject({
      status: 409,
      error: { code: 'INVALID_STATE' },
    });
    expect(await rotate(a, old.id, { graceSeconds: -1 })).toMatchObject({
      status: 400,
      error: { field: 'graceSeconds' },
    });
  });

  it('revokes the bootstrap key like any other, on every process, and a restart does not bring it back', async () => {
    const bootstrap = (await allKeys()).filter((key) => key.bootstrap && !key.revokedAt);
    expect(bootstrap).toHaveLength(1);
    const admin = await operatorKey();
    expect((await clock(b, system.adminKey)).status).toBe(200);
    expect(await answer(apiClient(a, admin).DELETE('/v1/api-keys/{id}', { params: { path: { id: bootstrap[0].id } } }))).toMatchObject({
      status: 204,
    });
    expect((await clock(a, system.adminKey)).status).toBe(401);
    await eventually(async () => expect((await clock(b, system.adminKey)).status).toBe(401));
    const restarted = await system.startApi();
    expect((await clock(restarted, system.adminKey)).status).toBe(401);
    expect((await clock(restarted, admin)).status).toBe(200);
  });

  it('replaces the bootstrap key when ADMIN_API_KEY changes, instead of adding a second one', async () => {
    // The bootstrap key was revoked above: this test acts with an admin key of its own.
    const created = await createKey({ name: 'operator', role: 'admin' }, await operatorKey());
    const operator = created.data!.key;
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

  async function allKeysWith(key: string) {
    const reply = await keyPage({ limit: 1000 }, key);
    expect(reply.data!.nextCursor).toBeNull();
    return reply.data!.items;
  }
});
