import { answer, invalid } from '../support/api-client';
import { TestSystem } from '../support/system';

describe('API keys and roles', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(async () => system.stop());

  const prepaid = { kind: 'prepaid', region: 'ap-guangzhou', units: 1, months: 1 } as const;
  const quote = (key: string | null) => answer(system.as(key).POST('/v1/quotes', { body: prepaid }));
  const createKey = (body: { name: string; role: 'admin' | 'ops' | 'ingest' | 'readonly' }, key = system.adminKey) =>
    answer(system.as(key).POST('/v1/api-keys', { body }));
  const revoke = (id: string) => answer(system.http.DELETE('/v1/api-keys/{id}', { params: { path: { id } } }));

  it('answers 401 without a key and with an unknown one', async () => {
    expect(await quote(null)).toMatchObject({
      status: 401,
      error: { statusCode: 401, code: 'UNAUTHENTICATED' },
    });
    expect((await quote('pb_not-a-key')).status).toBe(401);
  });

  it('shows a new key once and stores only its hash', async () => {
    const reply = await createKey({ name: 'gateway', role: 'ingest' });
    expect(reply).toMatchObject({ status: 201, data: { name: 'gateway', role: 'ingest' } });
    const stored = await system.prisma.apiKey.findUniqueOrThrow({ where: { id: reply.data!.id } });
    expect(JSON.stringify(stored)).not.toContain(reply.data!.key);
    expect(stored.keyHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('forbids an ingest key on an admin route and on reads', async () => {
    const ingest = await system.newKey('ingest');
    expect(await createKey({ name: 'x', role: 'admin' }, ingest)).toMatchObject({
      status: 403,
      error: { code: 'FORBIDDEN' },
    });
    expect((await quote(ingest)).status).toBe(403);
  });

  it('lets readonly and ops keys quote but not create keys', async () => {
    for (const role of ['readonly', 'ops']) {
      const key = await system.newKey(role);
      expect((await quote(key)).status).toBe(200);
      expect((await createKey({ name: 'x', role: 'admin' }, key)).status).toBe(403);
    }
  });

  it('revokes a key at once', async () => {
    const { data: created } = await createKey({ name: 'temp', role: 'readonly' });
    expect((await quote(created!.key)).status).toBe(200);
    expect((await revoke(created!.id)).status).toBe(204);
    expect((await quote(created!.key)).status).toBe(401);
  });

  it('validates key creation and revocation input', async () => {
    expect(await createKey({ name: 'x', role: invalid('root') })).toMatchObject({
      status: 400,
      error: { code: 'VALIDATION_FAILED', field: 'role' },
    });
    expect(await revoke('not-a-uuid')).toMatchObject({ status: 400, error: { field: 'id' } });
    expect(await revoke('4b0c6a43-2f3e-4a4b-9b53-3f3c3e0d9a11')).toMatchObject({
      status: 404,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('answers unknown routes with the error format', async () => {
    expect(await answer(system.http.GET(invalid('/v1/nowhere')))).toMatchObject({ status: 404, error: { code: 'NOT_FOUND' } });
  });

  it('serves /health without a key, and /docs with one (Bearer, or the Basic password a browser prompts for)', async () => {
    expect(await answer(system.as(null).GET('/health'))).toMatchObject({
      status: 200,
      data: { status: 'ok', details: { postgres: { status: 'up' }, redis: { status: 'up' } } },
    });
    // Raw requests for /docs: the document and its UI are not operations of the document.
    const refused = await system.api.inject({ method: 'GET', url: '/docs' });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['www-authenticate']).toMatch(/^Basic /);
    expect(
      (await system.api.inject({ method: 'GET', url: '/docs/json', headers: { authorization: 'Bearer pb_unknown' } })).statusCode,
    ).toBe(401);
    const basic = `Basic ${Buffer.from(`me:${system.adminKey}`).toString('base64')}`;
    const page = await system.api.inject({ method: 'GET', url: '/docs', headers: { authorization: basic } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const json = await answer(system.http.GET('/v1/clock'));
    expect(json.headers.get('content-security-policy')).toBeNull();
    const docs = await system.api.inject({ method: 'GET', url: '/docs/json', headers: { authorization: `Bearer ${system.adminKey}` } });
    expect(docs.statusCode).toBe(200);
    const paths = Object.keys(JSON.parse(docs.body).paths);
    expect(paths).toEqual(expect.arrayContaining(['/v1/quotes', '/v1/api-keys', '/v1/clock', '/v1/clock/advance']));
  });

  it('serves /docs without a key on a process started with DOCS_PUBLIC=true, with the same headers, and the API still needs its key', async () => {
    process.env.DOCS_PUBLIC = 'true';
    const open = await system.startApi().finally(() => delete process.env.DOCS_PUBLIC);
    const page = await open.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect((await open.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(200);
    expect((await open.inject({ method: 'GET', url: '/v1/clock' })).statusCode).toBe(401);
  });
});
