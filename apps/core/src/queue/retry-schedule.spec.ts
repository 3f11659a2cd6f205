import { loadConfig } from '../config/config';
import { cappedBackoff, retryDelays, retryOptions } from './retry-schedule';

describe('retry schedule of background jobs', () => {
  const defaults = loadConfig({ DATABASE_URL: 'postgres://localhost/x' }).jobRetry;

  it('by default keeps retrying for more than an hour, each delay at most five minutes', () => {
    const delays = retryDelays(defaults);
    expect(delays.slice(0, 10)).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000]);
    expect(Math.max(...delays)).toBe(300_000);
    const total = delays.reduce((sum, delay) => sum + delay, 0);
    expect(total).toBeGreaterThan(3_600_000);
    expect(total).toBe(3_811_000);
  });

  it('is read from the environment, so tests and operators can shorten or lengthen it', () => {
    const short = loadConfig({
      DATABASE_URL: 'postgres://localhost/x',
      JOB_RETRY_ATTEMPTS: '4',
      JOB_RETRY_FIRST_DELAY_MS: '50',
      JOB_RETRY_MAX_DELAY_MS: '120',
    }).jobRetry;
    expect(retryDelays(short)).toEqual([50, 100, 120]);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/x', JOB_RETRY_ATTEMPTS: '0' })).toThrow('JOB_RETRY_ATTEMPTS');
  });

  it('gives BullMQ the delay of each retry from the options the job was added with', () => {
    const opts = retryOptions({ attempts: 5, firstDelayMs: 100, maxDelayMs: 250 });
    const job = { opts } as Parameters<typeof cappedBackoff>[3];
    expect([1, 2, 3, 4].map((made) => cappedBackoff(made, 'capped-exponential', undefined, job))).toEqual([100, 200, 250, 250]);
    expect(() => cappedBackoff(1, 'linear', undefined, job)).toThrow('unknown backoff type linear');
  });
});
