import { CronExpressionParser } from 'cron-parser';
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
