import { dailyTicksBetween, latestTick, ticksBetween } from './schedule.rules';
import { SCHEDULE, type ScheduleEntry } from './schedule.table';
import { JOBS } from '../queue/jobs';

const TZ = 'Asia/Shanghai';
const daily: ScheduleEntry = { id: 'daily', queue: 'settlement', job: JOBS.settlement.tick, pattern: '0 6 * * *', description: '06:00' };
const hourly: ScheduleEntry = {
  id: 'hourly',
  queue: 'settlement',
  job: JOBS.settlement.arrearsTick,
  pattern: '0 * * * *',
  description: 'hourly',
};
const at = (iso: string) => new Date(iso);

describe('ticksBetween', () => {
  it('lists the ticks due in (from, to] in the billing zone, ties in table order', () => {
    // 2026-05-10 05:00 to 07:00 in Shanghai is 21:00 to 23:00 UTC the day before.
    const ticks = ticksBetween([daily, hourly], TZ, at('2026-05-09T21:00:00Z'), at('2026-05-09T23:00:00Z'));
    expect(ticks.map((t) => [t.entry.id, t.at.toISOString()])).toEqual([
      ['daily', '2026-05-09T22:00:00.000Z'],
      ['hourly', '2026-05-09T22:00:00.000Z'],
      ['hourly', '2026-05-09T23:00:00.000Z'],
    ]);
  });

  it('excludes a tick at `from` (it was run by the previous advance) and includes one at `to`', () => {
    const ticks = ticksBetween([daily], TZ, at('2026-05-09T22:00:00Z'), at('2026-05-10T22:00:00Z'));
    expect(ticks.map((t) => t.at.toISOString())).toEqual(['2026-05-10T22:00:00.000Z']);
  });

  it('gives one tick per day over several days, and none over an empty window', () => {
    expect(ticksBetween([daily], TZ, at('2026-05-01T00:00:00Z'), at('2026-05-04T00:00:00Z'))).toHaveLength(3);
    expect(ticksBetween([daily], TZ, at('2026-05-01T00:00:00Z'), at('2026-05-01T00:00:00Z'))).toEqual([]);
  });
});

describe('latestTick', () => {
  it('is the latest tick at or before now: a late run stands for the tick it missed', () => {
    expect(latestTick(daily, TZ, at('2026-05-10T01:00:00Z')).toISOString()).toBe('2026-05-09T22:00:00.000Z'); // 09:00 Shanghai
    expect(latestTick(daily, TZ, at('2026-05-09T21:59:59Z')).toISOString()).toBe('2026-05-08T22:00:00.000Z'); // 05:59:59
  });

  it('is now itself when now is exactly on a tick', () => {
    expect(latestTick(daily, TZ, at('2026-05-09T22:00:00Z')).toISOString()).toBe('2026-05-09T22:00:00.000Z');
  });
});

describe('dailyTicksBetween', () => {
  const daily = SCHEDULE.filter((entry) => /^\d+ \d+ \* \* \*$/.test(entry.pattern));

  it.each(['Asia/Shanghai', 'America/Los_Angeles', 'Europe/London'])(
    'gives the ticks cron-parser gives for the daily rows over a year in %s',
    (tz) => {
      expect(daily.map((entry) => entry.id)).toEqual(expect.arrayContaining(['settlement-daily', 'lifecycle-daily', 'prepaid-daily']));
      const from = new Date('2026-01-01T03:17:00Z');
      const to = new Date('2027-01-01T00:00:00Z');
      const key = (ticks: { entry: { id: string }; at: Date }[]) => ticks.map((t) => `${t.entry.id}@${t.at.toISOString()}`);
      expect(key(dailyTicksBetween(daily, tz, from, to))).toEqual(key(ticksBetween(daily, tz, from, to)));
    },
  );
});
