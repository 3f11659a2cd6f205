import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { SettlementService } from '../../apps/core/src/settlement/settlement.service';
import { answer } from '../support/api-client';
import { TestSystem } from '../support/system';

const advance = (system: TestSystem, to: string) => answer(system.http.POST('/v1/clock/advance', { body: { to } }));
const clock = (system: TestSystem) => answer(system.http.GET('/v1/clock'));

const day = (iso: string) => iso.slice(0, 10);

describe('the job-schedule table on the system clock', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start({ worker: true });
  });
  afterAll(async () => system.stop());

  it('registers the 06:00 settlement tick in the billing time zone', async () => {
    const queue = system.api.get<Queue>(getQueueToken('settlement'));
    const scheduler = await queue.getJobScheduler('settlement-daily');
    expect(scheduler).toMatchObject({ pattern: '0 6 * * *', tz: 'Asia/Shanghai', name: 'settlement.tick' });
    // The next tick is at 06:00 in Shanghai, 22:00 UTC, whatever the process's own zone (TZ is Los Angeles here).
    const next = new Date(scheduler!.next!);
    expect(next.getUTCHours()).toBe(22);
    expect(next.getUTCMinutes()).toBe(0);
  });

  it('registers the 00:00 lifecycle tick in the billing time zone and the hourly trial sweep', async () => {
    const queue = system.api.get<Queue>(getQueueToken('lifecycle'));
    const daily = await queue.getJobScheduler('lifecycle-daily');
    expect(daily).toMatchObject({ pattern: '0 0 * * *', tz: 'Asia/Shanghai', name: 'lifecycle.daily-tick' });
    // 00:00 in Shanghai is 16:00 UTC.
    expect(new Date(daily!.next!).getUTCHours()).toBe(16);
    expect(await queue.getJobScheduler('trial-sweep')).toMatchObject({ pattern: '0 * * * *', name: 'lifecycle.sweep-tick' });
  });

  it('registers the 00:00 prepaid expiry tick in the billing time zone and the hourly prepaid sweep', async () => {
    const queue = system.api.get<Queue>(getQueueToken('prepaid'));
    const daily = await queue.getJobScheduler('prepaid-daily');
    expect(daily).toMatchObject({ pattern: '0 0 * * *', tz: 'Asia/Shanghai', name: 'prepaid.daily-tick' });
    expect(new Date(daily!.next!).getUTCHours()).toBe(16);
    expect(await queue.getJobScheduler('prepaid-hourly')).toMatchObject({ pattern: '30 * * * *', name: 'prepaid.hourly-tick' });
  });

  it('refuses to move the system clock', async () => {
    expect(await advance(system, '2030-01-01T00:00:00Z')).toMatchObject({
      status: 404,
      error: { code: 'NOT_FOUND' },
    });
    expect(await clock(system)).toMatchObject({ status: 200, data: { simulated: false } });
  });
});

describe('the simulated clock', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: '2026-03-01T00:00:00+08:00', worker: true });
  });
  afterAll(async () => system.stop());

  // The daily jobs are asserted exactly; the hourly trial sweep by its count and times.
  const DAILY = ['settlement-daily', 'lifecycle-daily', 'prepaid-daily'];
  const isDaily = (tick: { scheduleId: string }) => DAILY.includes(tick.scheduleId);
  const allRuns = async () =>
    (await system.prisma.scheduledJobRun.findMany({ orderBy: [{ scheduledFor: 'asc' }, { scheduleId: 'asc' }] })).map((run) => ({
      scheduleId: run.scheduleId,
      scheduledFor: run.scheduledFor.toISOString(),
      finished: run.finishedAt !== null,
    }));
  const runs = async () => (await allRuns()).filter(isDaily);
  const sweeps = async () => (await allRuns()).filter((run) => run.scheduleId === 'trial-sweep');
  const hours = (fromIso: string, count: number) =>
    Array.from({ length: count }, (_, i) => new Date(new Date(fromIso).getTime() + i * 3_600_000).toISOString());

  it('starts at CLOCK_START', async () => {
    expect((await clock(system)).data).toEqual({ now: '2026-02-28T16:00:00.000Z', simulated: true });
  });

  it('runs each daily job once per day, in order, over two days, and answers when they are done', async () => {
    const reply = await advance(system, '2026-03-03T00:00:00+08:00');
    expect(reply.status).toBe(200);
    expect(reply.data!.now).toBe('2026-03-02T16:00:00.000Z');
    expect(reply.data!.ran.filter(isDaily)).toEqual([
      { scheduleId: 'settlement-daily', job: 'settlement.tick', scheduledFor: '2026-02-28T22:00:00.000Z' },
      { scheduleId: 'lifecycle-daily', job: 'lifecycle.daily-tick', scheduledFor: '2026-03-01T16:00:00.000Z' },
      { scheduleId: 'prepaid-daily', job: 'prepaid.daily-tick', scheduledFor: '2026-03-01T16:00:00.000Z' },
      { scheduleId: 'settlement-daily', job: 'settlement.tick', scheduledFor: '2026-03-01T22:00:00.000Z' },
      { scheduleId: 'lifecycle-daily', job: 'lifecycle.daily-tick', scheduledFor: '2026-03-02T16:00:00.000Z' },
      { scheduleId: 'prepaid-daily', job: 'prepaid.daily-tick', scheduledFor: '2026-03-02T16:00:00.000Z' },
    ]);
    expect(await runs()).toEqual([
      { scheduleId: 'settlement-daily', scheduledFor: '2026-02-28T22:00:00.000Z', finished: true },
      { scheduleId: 'lifecycle-daily', scheduledFor: '2026-03-01T16:00:00.000Z', finished: true },
      { scheduleId: 'prepaid-daily', scheduledFor: '2026-03-01T16:00:00.000Z', finished: true },
      { scheduleId: 'settlement-daily', scheduledFor: '2026-03-01T22:00:00.000Z', finished: true },
      { scheduleId: 'lifecycle-daily', scheduledFor: '2026-03-02T16:00:00.000Z', finished: true },
      { scheduleId: 'prepaid-daily', scheduledFor: '2026-03-02T16:00:00.000Z', finished: true },
    ]);
    // Every hour of the two days, once each, in order (01:00 of the first day through 00:00 of the third).
    const hourly = hours('2026-02-28T17:00:00.000Z', 48);
    expect(reply.data!.ran.filter((tick) => tick.scheduleId === 'trial-sweep')).toEqual(
      hourly.map((scheduledFor) => ({ scheduleId: 'trial-sweep', job: 'lifecycle.sweep-tick', scheduledFor })),
    );
    expect(reply.data!.ran.filter((tick) => tick.scheduleId === 'arrears-sweep')).toEqual(
      hourly.map((scheduledFor) => ({ scheduleId: 'arrears-sweep', job: 'settlement.arrears-tick', scheduledFor })),
    );
    expect(reply.data!.ran.filter((tick) => tick.scheduleId === 'vouchers-daily').map((tick) => tick.scheduledFor)).toEqual([
      '2026-03-01T16:00:00.000Z',
      '2026-03-02T16:00:00.000Z',
    ]);
    // The revenue rollup at 06:30 of each day, after that day's settlement.
    expect(reply.data!.ran.filter((tick) => tick.scheduleId === 'revenue-rollup')).toEqual(
      ['2026-02-28T22:30:00.000Z', '2026-03-01T22:30:00.000Z'].map((scheduledFor) => ({
        scheduleId: 'revenue-rollup',
        job: 'reporting.rollup-tick',
        scheduledFor,
      })),
    );
    // The six daily ticks above, the voucher expiry at each 00:00, the rollups and two hourly sweeps.
    expect(reply.data!.ran).toHaveLength(6 + 2 + 2 + 2 * 48);
    expect(await sweeps()).toEqual(hourly.map((scheduledFor) => ({ scheduleId: 'trial-sweep', scheduledFor, finished: true })));
    // The work the ticks enqueued is done too: the two previous billing days are settled and closed.
    const closed = await system.prisma.settlementDay.findMany({ orderBy: { day: 'asc' } });
    expect(closed.map((row) => day(row.day.toISOString()))).toEqual(['2026-02-28', '2026-03-01']);
    // Each day was closed at its own 06:00 tick, on the simulated clock.
    expect(closed.map((row) => row.closedAt.toISOString())).toEqual(['2026-02-28T22:00:00.000Z', '2026-03-01T22:00:00.000Z']);
  }, 30_000);

  it('runs nothing again for an interval already passed, and refuses to go back', async () => {
    expect((await advance(system, '2026-03-03T00:00:00+08:00')).data!.ran).toEqual([]);
    expect(await advance(system, '2026-03-01T00:00:00+08:00')).toMatchObject({
      status: 400,
      error: { code: 'VALIDATION_FAILED', field: 'to' },
    });
    expect(await runs()).toHaveLength(6);
    expect(await sweeps()).toHaveLength(48);
  });

  it('validates the target instant', async () => {
    expect(await advance(system, 'tomorrow')).toMatchObject({
      status: 400,
      error: { field: 'to' },
    });
  });

  it('shares the moved time with every process', async () => {
    const second = await system.startWorker();
    expect(second.get(SettlementService)).toBeDefined();
    await advance(system, '2026-03-04T07:00:00+08:00');
    const closed = await system.prisma.settlementDay.findMany({ orderBy: { day: 'asc' } });
    expect(closed.map((row) => day(row.day.toISOString()))).toEqual(['2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03']);
    expect((await runs()).filter((run) => run.scheduleId === 'settlement-daily')).toHaveLength(4);
    expect((await runs()).filter((run) => run.scheduleId === 'lifecycle-daily')).toHaveLength(3);
    expect((await runs()).filter((run) => run.scheduleId === 'prepaid-daily')).toHaveLength(3);
    expect(await sweeps()).toHaveLength(48 + 31);
  }, 30_000);
});
