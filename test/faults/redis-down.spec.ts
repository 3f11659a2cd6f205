import { freshKey } from '../support/idempotency';
import { TestSystem } from '../support/system';

/** SPEC 15, Redis unreachable: the API answers promptly, money writes commit, /health says degraded. */
describe('with Redis unreachable', () => {
  let system: TestSystem;
  beforeAll(async () => {
    // Nothing listens on port 1: every Redis connection attempt is refused.
    system = await TestSystem.start({ clockStart: '2026-03-10T10:00:00+08:00', env: { REDIS_URL: 'redis://127.0.0.1:1' } });
  });
  afterAll(async () => system.stop());

  const timed = async <T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> => {
    const started = Date.now();
    const result = await work();
    return { result, ms: Date.now() - started };
  };

  it('/health answers 200 degraded within 2 s, naming Redis down', async () => {
    const { result, ms } = await timed(() => system.request('GET', '/health', undefined, null));
    expect(result).toMatchObject({ status: 200, body: { status: 'degraded', details: { postgres: { status: 'up' }, redis: { status: 'down' } } } });
    expect(ms).toBeLessThan(2000);
  });

  it('a top-up commits and answers 201 within 5 s, once under a retried key', async () => {
    const account = await system.request('POST', '/v1/accounts', { name: 'Acme' });
    const headers = freshKey();
    const { result, ms } = await timed(() => system.request('POST', `/v1/accounts/${account.body.id}/top-ups`, { amount: '25.00', kind: 'cash' }, system.adminKey, headers));
    expect(result.status).toBe(201);
    expect(ms).toBeLessThan(5000);
    expect((await system.request('POST', `/v1/accounts/${account.body.id}/top-ups`, { amount: '25.00', kind: 'cash' }, system.adminKey, headers)).status).toBe(201);
    expect((await system.request('GET', `/v1/accounts/${account.body.id}`)).body.wallet.cash).toBe('25.00');
  });
});
