import { DateTime } from 'luxon';
import type { Application } from '../applications/application.types';
import type { Role } from '../auth/roles';
import { daysBetween } from '../clock/calendar';
import type { ErrorCode } from '../errors/domain-error';
import type { PriceBook } from '../pricing/price-book';
import type { Subscription } from './subscription.types';

/**
 * Pure rules of prepaid plans (SPEC.md 4, 5, 6): who may buy, renew or
 * upgrade, and the dates and figures that follow. `today` is a billing date.
 */

export interface Refusal {
  code: ErrorCode;
  message: string;
}

/** Calendar months later; a day missing from the target month becomes its last day (01-31 + 1 month = 02-28). */
export function addMonths(date: string, months: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ months }).toISODate()!;
}

/**
 * Only an app on the free trial (running, or cut off over its limit) or one
 * whose prepaid plan was refunded can buy a prepaid plan. A pay-as-you-go app
 * cannot: its activation is never cancelled (SPEC.md 4).
 */
export function purchaseRefusal(app: Application, hasActiveSubscription: boolean): string | null {
  if (app.plan === 'trial' && (app.state === 'trial' || (app.state === 'suspended' && app.suspensionReason === 'trial_over_limit')))
    return null;
  if (app.plan === 'prepaid' && app.state === 'suspended' && app.suspensionReason === 'refunded' && !hasActiveSubscription) return null;
  if (app.plan === 'prepaid') return `app ${app.id} already has a prepaid plan (${app.state}): renew or upgrade its subscription`;
  if (app.plan === 'payg') return `app ${app.id} is on pay-as-you-go, which cannot be cancelled`;
  return `app ${app.id} is ${app.plan === 'charity' ? 'a charity app (free)' : app.state}`;
}

/** Sales stop (SPEC.md 4): after the price book's date, only accounts that bought a paid plan before may buy. */
export function isSalesClosed(book: PriceBook, today: string, firstPaidAt: Date | null): boolean {
  return book.salesStopAfter !== null && today > book.salesStopAfter && firstPaidAt === null;
}

/**
 * Renewal (SPEC.md 6). Every write comes with an operator's key: `admin`
 * stands for the customer's self-service console, `ops` may only renew to
 * restore an app suspended for expiry. From E+8 (suspended) only an operator
 * renews, which restores the app; a destroyed app's subscription has ended.
 */
export function renewalRefusal(subscription: Subscription, app: Application, role: Role): Refusal | null {
  if (subscription.status !== 'active') {
    return { code: 'INVALID_STATE', message: `subscription ${subscription.id} is ${subscription.status}; buy a new plan instead` };
  }
  const suspendedForExpiry = app.state === 'suspended' && app.suspensionReason === 'expired';
  if (!suspendedForExpiry && !['deploying', 'active', 'grace'].includes(app.state)) {
    return {
      code: 'INVALID_STATE',
      message: `app ${app.id} is ${app.state}${app.suspensionReason ? ` (${app.suspensionReason})` : ''} and cannot be renewed`,
    };
  }
  if (role === 'admin' || (role === 'ops' && suspendedForExpiry)) return null;
  return { code: 'FORBIDDEN', message: `role ${role} may only renew a subscription to restore an app suspended for expiry` };
}

/** Upgrades raise the units of a running plan before its expiry date; downgrades are a validation error on `units`. */
export function upgradeRefusal(subscription: Subscription, app: Application, today: string): Refusal | null {
  if (subscription.status !== 'active')
    return { code: 'INVALID_STATE', message: `subscription ${subscription.id} is ${subscription.status}` };
  if (!['deploying', 'active'].includes(app.state) || today >= subscription.expiresOn) {
    return {
      code: 'INVALID_STATE',
      message: `subscription ${subscription.id} expired on ${subscription.expiresOn}; renew it before upgrading`,
    };
  }
  return null;
}

/** Days from today (included) to E (excluded): what an upgrade pays for. */
export function remainingDays(today: string, expiresOn: string): number {
  return Math.max(0, daysBetween(today, expiresOn));
}

// A never-suspend renewal's advance is decided where every order is paid; re-exported beside the other plan rules.
export { advancedCash } from '../orders/order.rules';
