/** SPEC.md 7: not topped up within 24 hours, the pay-as-you-go apps are suspended... */
export const ARREARS_GRACE_HOURS = 24;
/** ...and destroyed after 7 more days still in arrears. */
export const ARREARS_SUSPENSION_DAYS = 7;

export function suspendArrearsBefore(now: Date): Date {
  return new Date(now.getTime() - ARREARS_GRACE_HOURS * 3600_000);
}

export function destroyArrearsSuspendedBefore(now: Date): Date {
  return new Date(now.getTime() - ARREARS_SUSPENSION_DAYS * 24 * 3600_000);
}
