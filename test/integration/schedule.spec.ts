import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { SettlementService } from '../../apps/core/src/settlement/settlement.service';
import { TestSystem } from '../support/system';

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

  it('refuses to move the system clock', async () => {
    expect(await system.request('POST', '/v1/clock/advance', { to: '2030-01-01T00:00:00Z' })).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    expect(await system.request('GET', '/v1/clock')).toMatchObject({ status: 200, body: { simulated: false } });
  });
});

describe('the simulated clock', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: '2026-03-01T00:00:00+08:00', worker: true });
  });
  afterAll(async () => system.stop());

  const runs = async () =>
    (await system.prisma.scheduledJobRun.findMany({ orderBy: { scheduledFor: 'asc' } })).map((run) => ({
      scheduleId: run.scheduleId,
      scheduledFor: run.scheduledFor.toISOString(),
      finished: run.finishedAt !== null,
    }));

  it('starts at CLOCK_START', async () => {
    expect((await system.request('GET', '/v1/clock')).body).toEqual({ now: '2026-02-28T16:00:00.000Z', simulated: true });
  });

  it('runs each daily job once per day, in order, over two days, and answers when they are done', async () => {
    const reply = await system.request('POST', '/v1/clock/advance', { to: '2026-03-03T00:00:00+08:00' });
    expect(reply.status).toBe(200);
    expect(reply.body.now).toBe('2026-03-02T16:00:00.000Z');
    expect(reply.body.ran).toEqual([
      { scheduleId: 'settlement-daily', job: 'settlement.tick', scheduledFor: '2026-02-28T22:00:00.000Z' },
      { scheduleId: 'settlement-daily', job: 'settlement.tick', scheduledFor: '2026-03-01T22:00:00.000Z' },
    ]);
    expect(await runs()).toEqual([
      { scheduleId: 'settlement-daily', scheduledFor: '2026-02-28T22:00:00.000Z', finished: true },
      { scheduleId: 'settlement-daily', scheduledFor: '2026-03-01T22:00:00.000Z', finished: true },
    ]);
    // The work the ticks enqueued is done too: the two previous billing days are settled and closed.
    const closed = await system.prisma.settlementDay.findMany({ orderBy: { day: 'asc' } });
    expect(closed.map((row) => day(row.day.toISOString()))).toEqual(['2026-02-28', '2026-03-01']);
    // Each day was closed at its own 06:00 tick, on the simulated clock.
    expect(closed.map((row) => row.closedAt.toISOString())).toEqual(['2026-02-28T22:00:00.000Z', '2026-03-01T22:00:00.000Z']);
  });

  it('runs nothing again for an interval already passed, and refuses to go back', async () => {
    expect((await system.request('POST', '/v1/clock/advance', { to: '2026-03-03T00:00:00+08:00' })).body.ran).toEqual([]);
    expect(await system.request('POST', '/v1/clock/advance', { to: '2026-03-01T00:00:00+08:00' })).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', field: 'to' },
    });
    expect(await runs()).toHaveLength(2);
  });

  it('validates the target instant', async () => {
    expect(await system.request('POST', '/v1/clock/advance', { to: 'tomorrow' })).toMatchObject({
      status: 400,
      body: { field: 'to' },
    });
  });

  it('shares the moved time with every process', async () => {
    const second = await system.startWorker();
    expect(second.get(SettlementService)).toBeDefined();
    await system.request('POST', '/v1/clock/advance', { to: '2026-03-04T07:00:00+08:00' });
    const closed = await system.prisma.settlementDay.findMany({ orderBy: { day: 'asc' } });
    expect(closed.map((row) => day(row.day.toISOString()))).toEqual(['2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03']);
    expect(await runs()).toHaveLength(4);
  });
});
