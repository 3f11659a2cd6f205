import { addDays } from '../clock/calendar';

export interface DayRange {
  from: string;
  to: string;
}

/**
 * The next days to roll up, at most `maxDays` of them: the day after the last
 * rolled one (or the first day with revenue, on the first run) through the
 * last day whose settlement closed, since a later day's bills may still come.
 * Null when the rollup is up to date.
 */
export function nextRollupRange(
  lastRolled: string | null,
  firstRevenueDay: string | null,
  lastSettled: string | null,
  maxDays: number,
): DayRange | null {
  if (lastSettled === null) return null;
  const from = lastRolled !== null ? addDays(lastRolled, 1) : firstRevenueDay;
  if (from === null || from > lastSettled) return null;
  const last = addDays(from, maxDays - 1);
  return { from, to: last < lastSettled ? last : lastSettled };
}
