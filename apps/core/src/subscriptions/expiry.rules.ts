import { addDays } from '../clock/calendar';

/**
 * The prepaid expiry calendar of SPEC.md 6, seen from one billing day: which
 * expiry dates E are due for each step on `day`. Each bound is cumulative
 * ("on or before"), so a run that comes late still takes every step it missed.
 */
export const REMINDER_DAYS = 7;
export const GRACE_DAYS = 7;
export const SUSPEND_ON_DAY = 8;
export const DESTROY_ON_DAY = 15;

export interface ExpiryWindows {
  /** E-7 .. E-1: a reminder today for E in [remindFrom, remindTo]. */
  remindFrom: string;
  remindTo: string;
  /** E: the paid period is over (auto-renewal, else grace) for E <= expiredBy. */
  expiredBy: string;
  /** E .. E+7: an expiry notice today for E in [noticeFrom, expiredBy]. */
  noticeFrom: string;
  /** 00:00 of E+8: suspended for E <= suspendBy. */
  suspendBy: string;
  /** E+15: destroyed for E <= destroyBy. */
  destroyBy: string;
}

export function expiryWindows(day: string): ExpiryWindows {
  return {
    remindFrom: addDays(day, 1),
    remindTo: addDays(day, REMINDER_DAYS),
    expiredBy: day,
    noticeFrom: addDays(day, -GRACE_DAYS),
    suspendBy: addDays(day, -SUSPEND_ON_DAY),
    destroyBy: addDays(day, -DESTROY_ON_DAY),
  };
}

/*
 * The same windows, one subscription at a time (the lifecycle preview replays
 * the calendar with them; the daily job selects through them in SQL).
 */
export function isDueForReminder(expiresOn: string, w: ExpiryWindows): boolean {
  return expiresOn >= w.remindFrom && expiresOn <= w.remindTo;
}

export function isExpired(expiresOn: string, w: ExpiryWindows): boolean {
  return expiresOn <= w.expiredBy;
}

export function isInNoticeWindow(expiresOn: string, w: ExpiryWindows): boolean {
  return expiresOn >= w.noticeFrom && expiresOn <= w.expiredBy;
}

export function isDueForSuspension(expiresOn: string, w: ExpiryWindows): boolean {
  return expiresOn <= w.suspendBy;
}

export function isDueForDestruction(expiresOn: string, w: ExpiryWindows): boolean {
  return expiresOn <= w.destroyBy;
}
