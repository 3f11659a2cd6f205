import { dailyTicksBetween, ticksBetween } from './schedule.rules';
import { SCHEDULE } from './schedule.table';

describe('dailyTicksBetween', () => {
  const daily = SCHEDULE.filter((entry) => /^\d+ \d+ \* \* \*$/.test(entry.pattern));

  it.each(['Asia/Shanghai', 'America/Los_Angeles', 'Europe/London'])('gives the ticks cron-parser gives for the daily rows over a year in %s', (tz) => {
    expect(daily.map((entry) => entry.id)).toEqual(expect.arrayContaining(['settlement-daily', 'lifecycle-daily', 'prepaid-daily']));
    const from = new Date('2026-01-01T03:17:00Z');
    const to = new Date('2027-01-01T00:00:00Z');
    const key = (ticks: { entry: { id: string }; at: Date }[]) => ticks.map((t) => `${t.entry.id}@${t.at.toISOString()}`);
    expect(key(dailyTicksBetween(daily, tz, from, to))).toEqual(key(ticksBetween(daily, tz, from, to)));
  });
});
