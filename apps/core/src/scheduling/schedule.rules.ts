import { CronExpressionParser } from 'cron-parser';
import { DateTime } from 'luxon';
import type { ScheduleEntry } from './schedule.table';

export interface Tick {
  entry: ScheduleEntry;
  at: Date;
}

/** Every tick due in (from, to], in time order (ties in table order). */
export function ticksBetween(entries: readonly ScheduleEntry[], tz: string, from: Date, to: Date): Tick[] {
  const ticks: Tick[] = [];
  entries.forEach((entry) => {
    const cron = CronExpressionParser.parse(entry.pattern, { currentDate: from, endDate: to, tz });
    while (cron.hasNext()) {
      const at = cron.next().toDate();
      if (at > from) ticks.push({ entry, at });
    }
  });
  const order = new Map(entries.map((entry, index) => [entry.id, index]));
  return ticks.sort((a, b) => a.at.getTime() - b.at.getTime() || order.get(a.entry.id)! - order.get(b.entry.id)!);
}

/** The latest tick at or before `now`: the one a late BullMQ tick stands for. */
export function latestTick(entry: ScheduleEntry, tz: string, now: Date): Date {
  const cron = CronExpressionParser.parse(entry.pattern, { currentDate: new Date(now.getTime() + 1), tz });
  return cron.prev().toDate();
}

/** The first tick at or after `at`. */
export function nextTickAtOrAfter(entry: ScheduleEntry, tz: string, at: Date): Date {
  return CronExpressionParser.parse(entry.pattern, { currentDate: new Date(at.getTime() - 1), tz })
    .next()
    .toDate();
}

const DAILY_PATTERN = /^(\d{1,2}) (\d{1,2}) \* \* \*$/;

/**
 * ticksBetween for rows that run once a day ('m h * * *'), computed a day at a
 * time in the zone: cron-parser walks to each tick at a few milliseconds a
 * tick, which a month-long preview of three daily rows could not afford.
 * Other patterns go through ticksBetween.
 */
export function dailyTicksBetween(entries: readonly ScheduleEntry[], tz: string, from: Date, to: Date): Tick[] {
  const ticks: Tick[] = [];
  const order = new Map(entries.map((entry, index) => [entry.id, index]));
  for (const entry of entries) {
    const daily = DAILY_PATTERN.exec(entry.pattern);
    if (!daily) {
      ticks.push(...ticksBetween([entry], tz, from, to));
      continue;
    }
    const [minute, hour] = [Number(daily[1]), Number(daily[2])];
    for (
      let day = DateTime.fromJSDate(from, { zone: tz }).startOf('day').minus({ days: 1 });
      day.toJSDate() <= to;
      day = day.plus({ days: 1 })
    ) {
      const at = day.set({ hour, minute }).toJSDate();
      if (at > from && at <= to) ticks.push({ entry, at });
    }
  }
  return ticks.sort((a, b) => a.at.getTime() - b.at.getTime() || order.get(a.entry.id)! - order.get(b.entry.id)!);
}
