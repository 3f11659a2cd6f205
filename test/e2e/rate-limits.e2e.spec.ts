import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiKeyRepository } from '../../apps/core/src/auth/api-key.repository';
import { answer, apiClient } from '../support/api-client';
import { validatorFor } from '../support/openapi-validator';
import { TestSystem } from '../support/system';

/** Limits per key shared by two API processes through Redis; per address for missing and unknown keys. */
describe('Rate limits', () => {
  let system: TestSystem;
  let a: NestFastifyApplication;
  let b: NestFastifyApplication;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    system = await TestSystem.start({
      env: { RATE_LIMIT_PER_KEY: '6', RATE_LIMIT_INGEST_PER_KEY: '100', RATE_LIMIT_UNAUTHENTICATED_PER_IP: '4' },
    });
    a = system.api;
    b = await system.startApi();
    // Each API's drift checker is built on its first answer: built here, it cannot stretch a burst over two windows.
    await Promise.all([validatorFor(a), validatorFor(b)]);
  });
  afterAll(async () => system.stop());

  /** Waits for the start of a fresh one-second window, so that a burst falls in one window. */
  const freshWindow = () => sleep(1_050 - (Date.now() % 1_000));
  const clock = (api: NestFastifyApplication, key: string | null) => answer(apiClient(api, key).GET('/v1/clock'));

  it('shares one key’s budget between both API processes, then answers 429 RATE_LIMITED with Retry-After', async () => {
    const key = await system.newKey('readonly');
    await freshWindow();
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => clock(i % 2 ? a : b, key)));
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(6);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
    const refused = replies.find((r) => r.status === 429)!;
    expect(refused.error).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another key has a budget of its own; the limited key gets one again in the next window.
    expect((await clock(a, await system.newKey('readonly'))).status).toBe(200);
    await sleep(Number(refused.headers.get('retry-after')) * 1_000);
    expect((await clock(b, key)).status).toBe(200);
  });

  it('gives ingest keys their own, larger limit, taken by both processes in slices and never exceeded', async () => {
    const ingest = await system.newKey('ingest');
    await freshWindow();
    const statuses = await Promise.all(
      Array.from(
        { length: 150 },
        async (_, i) => (await answer(apiClient(i % 2 ? a : b, ingest).POST('/v1/usage/dau', { body: { reports: [] } }))).status,
      ),
    );
    // Each process takes up to 5 requests (5% of 100) of the window at once: at most one slice each may go unused.
    const allowed = statuses.filter((s) => s === 200).length;
    expect(allowed).toBeLessThanOrEqual(100);
    expect(allowed).toBeGreaterThanOrEqual(90);
    expect(statuses.filter((s) => s === 429)).toHaveLength(150 - allowed);
  });

  it('limits missing and unknown tokens per client address, without a database lookup per repeated unknown token', async () => {
    const lookups = jest.spyOn(b.get(ApiKeyRepository, { strict: false }), 'findActive');
    await freshWindow();
    const tokens = [
      null,
      'pbk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'nobody-holds-this-token',
      'nobody-holds-this-token',
      'nobody-holds-this-token',
      'nobody-holds-this-token',
    ];
    const statuses: number[] = [];
    for (const token of tokens) statuses.push((await clock(b, token)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    expect(lookups).toHaveBeenCalledTimes(2);
    lookups.mockRestore();
    // A known key from the same address is not held back by the address's bucket.
    expect((await clock(b, system.adminKey)).status).toBe(200);
  });

  it('never limits /health', async () => {
    const statuses = await Promise.all(Array.from({ length: 8 }, async () => (await answer(apiClient(a, null).GET('/health'))).status));
    expect(statuses.every((s) => s === 200)).toBe(true);
  });
});

describe('Rate limits while their Redis is away', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start({ env: { RATE_LIMIT_PER_KEY: '2', RATE_LIMIT_REDIS_URL: 'redis://127.0.0.1:1' } });
  });
  afterAll(async () => system.stop());

  it('serves every request, and counts the unchecked ones in /metrics', async () => {
    const statuses = await Promise.all(Array.from({ length: 6 }, async () => (await answer(system.http.GET('/v1/clock'))).status));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    // A raw request: /metrics answers Prometheus text, outside the API document.
    const metrics = await system.api.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${system.adminKey}` } });
    const errors = Number(/^rate_limit_store_errors_total (\d+)/m.exec(metrics.body)?.[1]);
    expect(errors).toBeGreaterThanOrEqual(6);
  });
});
