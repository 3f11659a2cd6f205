import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { LeasedRateStore } from '../../apps/api/src/auth/leased-rate-store';

/**
 * The rate-limit store against a real Redis, two stores standing for two API
 * processes (each its own connection). Counted: what the requests are told,
 * and how many times a store went to Redis.
 */
describe('LeasedRateStore', () => {
  const connections: Redis[] = [];
  const stores: LeasedRateStore[] = [];
  const prefix = `test-rate-${randomUUID()}:`;

  /** A store on its own connection, and its trips to Redis: the lease scripts it sent (the real commands still run). */
  function apiProcess(url = process.env.REDIS_URL!) {
    const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
    redis.on('error', () => undefined);
    connections.push(redis);
    const store = new LeasedRateStore(redis, prefix);
    stores.push(store);
    const sent = jest.spyOn(redis, 'sendCommand');
    const trips = () => sent.mock.calls.filter(([command]) => command.name === 'evalsha').length;
    return { redis, store, trips };
  }

  const ask = (store: LeasedRateStore, key: string, max: number, windowMs = 10_000) =>
    new Promise<{ current: number; ttl: number }>((resolve, reject) =>
      store.incr(key, (error, result) => (error ? reject(error) : resolve(result!)), windowMs, max),
    );
  const allowed = (answers: { current: number }[], max: number) => answers.filter((a) => a.current <= max).length;

  afterAll(async () => {
    stores.forEach((store) => store.close());
    await Promise.all(connections.filter((redis) => redis.status === 'ready').map((redis) => redis.quit()));
  });

  it('never allows more than the limit across processes, and goes to Redis once per slice, not per request', async () => {
    const a = apiProcess();
    const b = apiProcess();
    await Promise.all([a.redis.connect(), b.redis.connect()]);
    const key = `busy-${randomUUID()}`;
    const max = 1_000;
    const answers: Promise<{ current: number }>[] = [];
    for (let i = 0; i < 1_500; i++) {
      answers.push(ask(i % 2 ? a.store : b.store, key, max));
      // Arrivals spread over event-loop turns, as requests are: each store sees its own traffic grow.
      if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
    }
    const told = await Promise.all(answers);
    // Each number is given once, so no two requests share one and none above the limit is allowed.
    const numbers = told.map((t) => t.current).filter((n) => n <= max);
    expect(new Set(numbers).size).toBe(numbers.length);
    // At most one slice (5% of the limit, here 50) taken by a process and left unused.
    expect(allowed(told, max)).toBeLessThanOrEqual(max);
    expect(allowed(told, max)).toBeGreaterThanOrEqual(max - 2 * 50);
    expect(a.trips() + b.trips()).toBeLessThan(1_500 / 10);
  });

  it('counts a small limit request by request, exactly, across processes', async () => {
    const [a, b] = [apiProcess(), apiProcess()];
    await Promise.all([a.redis.connect(), b.redis.connect()]);
    const key = `small-${randomUUID()}`;
    const told = await Promise.all(Array.from({ length: 30 }, (_, i) => ask(i % 2 ? a.store : b.store, key, 10)));
    expect(allowed(told, 10)).toBe(10);
    expect(new Set(told.map((t) => t.current).filter((n) => n <= 10))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
  });

  it('refuses a spent key without asking Redis until its window ends, then allows it again', async () => {
    const a = apiProcess();
    await a.redis.connect();
    const key = `spent-${randomUUID()}`;
    const first = await Promise.all(Array.from({ length: 5 }, () => ask(a.store, key, 3, 400)));
    expect(allowed(first, 3)).toBe(3);
    const trips = a.trips();
    const refused = await Promise.all(Array.from({ length: 20 }, () => ask(a.store, key, 3, 400)));
    expect(allowed(refused, 3)).toBe(0);
    expect(refused.every((t) => t.ttl > 0 && t.ttl <= 400)).toBe(true);
    expect(a.trips()).toBe(trips);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await ask(a.store, key, 3, 400)).current).toBe(1);
  });

  it('gives every waiting request the error while Redis is away, and asks again on the next request', async () => {
    const away = apiProcess('redis://127.0.0.1:1');
    await away.redis.connect().catch(() => undefined);
    const key = `away-${randomUUID()}`;
    const outcomes = await Promise.allSettled(Array.from({ length: 4 }, () => ask(away.store, key, 100)));
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    await expect(ask(away.store, key, 100)).rejects.toThrow();
    expect(away.trips()).toBe(2);
  });
});
