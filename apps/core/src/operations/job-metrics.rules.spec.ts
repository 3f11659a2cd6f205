import { bucketOf, toJobSeries } from './job-metrics.rules';

describe('job metrics', () => {
  it('counts a run in the smallest bucket that holds it', () => {
    expect(bucketOf(0.003)).toBe('0.01');
    expect(bucketOf(0.01)).toBe('0.01');
    expect(bucketOf(0.7)).toBe('1');
    expect(bucketOf(1000)).toBe('+Inf');
  });

  it('builds cumulative histogram series from the raw hashes', () => {
    const field = 'notifications|notifications.deliver|completed';
    const [series] = toJobSeries({ [field]: '3' }, { [field]: '1.5' }, { [`${field}|0.01`]: '1', [`${field}|1`]: '2' });
    expect(series.labels).toEqual({ queue: 'notifications', name: 'notifications.deliver', outcome: 'completed' });
    expect(series.count).toBe(3);
    expect(series.sum).toBe(1.5);
    expect(series.buckets.find((b) => b.le === '0.01')!.count).toBe(1);
    expect(series.buckets.find((b) => b.le === '0.5')!.count).toBe(1);
    expect(series.buckets.find((b) => b.le === '1')!.count).toBe(3);
    expect(series.buckets.at(-1)).toEqual({ le: '+Inf', count: 3 });
  });
});
