import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { answer, apiClient } from '../support/api-client';
import { TestSystem } from '../support/system';

/** Two API processes on one database: a key revoked anywhere is refused everywhere, at once. */
describe('API-key cache across processes', () => {
  let system: TestSystem;
  let a: NestFastifyApplication;
  let b: NestFastifyApplication;
  const prepaid = { kind: 'prepaid', region: 'ap-guangzhou', units: 1, months: 1 } as const;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  const quote = async (api: NestFastifyApplication, key: string) =>
    (await answer(apiClient(api, key).POST('/v1/quotes', { body: prepaid }))).status;

  /** Polls every 20 ms until the instance refuses the key; its last answer once 2 s have passed. */
  async function statusWithin2s(api: NestFastifyApplication, key: string): Promise<number> {
    const deadline = Date.now() + 2_000;
    for (;;) {
      const status = await quote(api, key);
      if (status === 401 || Date.now() > deadline) return status;
      await sleep(20);
    }
  }

  /** The cache connections that have finished their LISTEN (the cache caches only from then on). */
  async function listeners(): Promise<number[]> {
    const rows = await system.prisma.$queryRaw<{ pid: number }[]>`
      SELECT pid FROM pg_stat_activity
      WHERE application_name = 'push-billing api-key cache' AND datname = current_database()
        AND state = 'idle' AND query = 'LISTEN api_key_changes'`;
    return rows.map((row) => row.pid).sort();
  }

  async function waitForListeners(count: number, notAmong: number[] = []): Promise<number[]> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const pids = (await listeners()).filter((pid) => !notAmong.includes(pid));
      if (pids.length >= count) return pids;
      if (Date.now() > deadline) throw new Error(`${pids.length} of ${count} new api-key cache listeners after 5 s`);
      await sleep(50);
    }
  }

  /** A fresh readonly key that both instances have answered 200 to, so both hold it in their cache. */
  async function keyCachedOnBoth(): Promise<{ id: string; key: string }> {
    const created = await answer(system.http.POST('/v1/api-keys', { body: { name: 'cached', role: 'readonly' } }));
    expect(created.status).toBe(201);
    expect(await quote(a, created.data!.key)).toBe(200);
    expect(await quote(b, created.data!.key)).toBe(200);
    return created.data!;
  }

  beforeAll(async () => {
    system = await TestSystem.start();
    a = system.api;
    b = await system.startApi();
    // Each cache opens its connection on its first authentication and caches nothing until it listens:
    // without this wait the keys below would be read from the database and the tests prove nothing.
    expect(await quote(a, system.adminKey)).toBe(200);
    expect(await quote(b, system.adminKey)).toBe(200);
    await waitForListeners(2);
  });
  afterAll(async () => system.stop());

  it('keeps serving a key that is not revoked, on both instances, and refuses an unknown one', async () => {
    const { key } = await keyCachedOnBoth();
    for (let i = 0; i < 3; i++) {
      expect(await quote(a, key)).toBe(200);
      expect(await quote(b, key)).toBe(200);
    }
    expect(await quote(a, 'pb_not-a-key')).toBe(401);
    expect(await quote(b, 'pb_not-a-key')).toBe(401);
  });

  // Without this the tests below would also pass if nothing were ever cached.
  it('answers a cached key from memory: a revocation that notifies no one goes unseen', async () => {
    const { id, key } = await keyCachedOnBoth();
    await system.prisma.$transaction([
      system.prisma.$executeRaw`SET LOCAL session_replication_role = replica`, // fires no trigger, hence no NOTIFY
      system.prisma.$executeRaw`UPDATE api_keys SET revoked_at = now() WHERE id = ${id}::uuid`,
    ]);
    expect(await quote(a, key)).toBe(200);
    expect(await quote(b, key)).toBe(200);
  });

  it('refuses a key revoked through the API on the revoking instance at once and on the other within 2 s', async () => {
    const { id, key } = await keyCachedOnBoth();
    expect((await answer(apiClient(a, system.adminKey).DELETE('/v1/api-keys/{id}', { params: { path: { id } } }))).status).toBe(204);
    expect(await quote(a, key)).toBe(401);
    expect(await statusWithin2s(b, key)).toBe(401);
  });

  it('refuses a key revoked by hand in SQL on both instances within 2 s', async () => {
    const { id, key } = await keyCachedOnBoth();
    await system.prisma.$executeRaw`UPDATE api_keys SET revoked_at = now() WHERE id = ${id}::uuid`;
    expect(await statusWithin2s(a, key)).toBe(401);
    expect(await statusWithin2s(b, key)).toBe(401);
  });

  it('refuses a key deleted by hand in SQL on both instances within 2 s', async () => {
    const { id, key } = await keyCachedOnBoth();
    await system.prisma.$executeRaw`DELETE FROM api_keys WHERE id = ${id}::uuid`;
    expect(await statusWithin2s(a, key)).toBe(401);
    expect(await statusWithin2s(b, key)).toBe(401);
  });

  it('listens again after its connection is killed, and still hears revocations', async () => {
    const killed = await listeners();
    expect(killed).toHaveLength(2);
    await system.prisma.$queryRaw`
      SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = 'push-billing api-key cache' AND datname = current_database()`;
    await waitForListeners(2, killed);

    const { id, key } = await keyCachedOnBoth();
    await system.prisma.$executeRaw`UPDATE api_keys SET revoked_at = now() WHERE id = ${id}::uuid`;
    expect(await statusWithin2s(a, key)).toBe(401);
    expect(await statusWithin2s(b, key)).toBe(401);
  });

  // Last: it removes every key, the admin key included.
  it('refuses every cached key once the table is truncated by hand', async () => {
    const { key } = await keyCachedOnBoth();
    await system.prisma.$executeRaw`TRUNCATE api_keys`;
    expect(await statusWithin2s(a, key)).toBe(401);
    expect(await statusWithin2s(b, key)).toBe(401);
  });
});
