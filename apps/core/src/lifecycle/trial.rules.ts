import { addDays } from '../clock/calendar';

/**
 * The free trial of SPEC.md 3. A trial app whose DAU for the current day goes
 * above the limit is suspended on that day, S. The first of the days
 * S+1 .. S+7 to end with DAU at or under the limit restores it when it ends; if
 * none does, the app is destroyed when S+7 ends (00:00 of S+8). A day without
 * reports had DAU 0. The trial limits are product rules, not prices, so they
 * are not in the price book.
 */
export const TRIAL_MAX_DAU = 1000;
export const TRIAL_RECOVERY_DAYS = 7;

export type TrialDecision = { action: 'restore'; day: string } | { action: 'destroy' } | { action: 'wait' };

export function isOverTrialLimit(dau: number): boolean {
  return dau > TRIAL_MAX_DAU;
}

/**
 * What to do with an app suspended on `suspendedOn`, knowing every day through
 * `lastEndedDay` (yesterday, or earlier when the daily run is catching up).
 * Decided from the data alone, so a late run reaches the decision a timely one would have.
 */
export function decideSuspendedTrial(suspendedOn: string, lastEndedDay: string, dauByDay: ReadonlyMap<string, number>): TrialDecision {
  for (let offset = 1; offset <= TRIAL_RECOVERY_DAYS; offset += 1) {
    const day = addDays(suspendedOn, offset);
    if (day > lastEndedDay) return { action: 'wait' };
    if (!isOverTrialLimit(dauByDay.get(day) ?? 0)) return { action: 'restore', day };
  }
  return { action: 'destroy' };
}

/** Suspended trial apps with something to decide: at least S+1 has ended. */
export function latestDecidableSuspension(lastEndedDay: string): string {
  return addDays(lastEndedDay, -1);
}
