import { addDays, daysBetween } from '../clock/calendar';

/**
 * The days a settlement run through `target` must settle, oldest first: every
 * day after the last closed one (days missed while the worker was down catch
 * up in order); on the very first run, the target day alone.
 */
export function daysToSettle(lastClosed: string | null, target: string): string[] {
  const first = lastClosed ? addDays(lastClosed, 1) : target;
  const count = daysBetween(first, target) + 1;
  return Array.from({ length: Math.max(count, 0) }, (_, i) => addDays(first, i));
}
