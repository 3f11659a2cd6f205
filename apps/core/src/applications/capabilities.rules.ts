import { DomainError } from '../errors/domain-error';
import type { Entitlements } from '../pricing/price-book';
import type { AppState } from './application.types';

/**
 * What the push dispatcher may do for an app (SPEC.md 11) and the entitlements
 * it gets (11.1). Pure: the caller passes the app and the price book in force.
 */
export interface Capabilities {
  push: boolean;
  /** Register devices, bind accounts and tags. */
  register: boolean;
  throttled: boolean;
  state: AppState;
  entitlements: Entitlements;
}

const BY_STATE: Record<AppState, { push: boolean; register: boolean }> = {
  trial: { push: true, register: true },
  active: { push: true, register: true },
  grace: { push: true, register: true },
  deploying: { push: false, register: true },
  suspended: { push: false, register: true },
  destroyed: { push: false, register: false },
};

export function capabilities(
  app: { state: AppState; throttled: boolean; entitlementOverrides: Partial<Entitlements> },
  book: Entitlements,
): Capabilities {
  const { push, register } = BY_STATE[app.state];
  // Throttling slows pushes down; an app that may not push at all is not "throttled".
  return {
    push,
    register,
    throttled: push && app.throttled,
    state: app.state,
    entitlements: mergeEntitlements(book, app.entitlementOverrides),
  };
}

export function mergeEntitlements(book: Entitlements, overrides: Partial<Entitlements>): Entitlements {
  return { ...book, ...overrides };
}

/** Whole numbers an operator may set per app; the account-wide app limits are not per-app settings. */
const NUMERIC_OVERRIDES = [
  'offlineRetentionHours',
  'offlineRetentionMaxHours',
  'offlineMessagesPerDevice',
  'tagsPerToken',
  'customTagsPerApp',
  'queryApiCallsPerHour',
  'deviceValidityDays',
] as const satisfies readonly (keyof Entitlements)[];
const ACCOUNT_LIMITS = ['appsPerAccount', 'appsPerPlatform'] as const satisfies readonly (keyof Entitlements)[];
const SMS_FALLBACK_VALUES: Entitlements['smsFallback'][] = ['billed_separately'];
const MAX_OVERRIDE = 1_000_000_000;

/**
 * Checks an operator's override document (it replaces the previous one; `{}`
 * clears it). Every key must be an entitlement, every value of its type, and
 * the retention may not exceed the (possibly overridden) maximum retention.
 */
export function parseEntitlementOverrides(input: Record<string, unknown>, book: Entitlements): Partial<Entitlements> {
  const overrides: Partial<Record<keyof Entitlements, unknown>> = {};
  for (const [key, value] of Object.entries(input)) {
    if ((ACCOUNT_LIMITS as readonly string[]).includes(key)) {
      throw DomainError.validation(key, `${key} is an account-wide limit and cannot be overridden per app`);
    }
    if ((NUMERIC_OVERRIDES as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_OVERRIDE) {
        throw DomainError.validation(key, `${key} must be a whole number from 1 to ${MAX_OVERRIDE}`);
      }
    } else if (key === 'smsFallback') {
      if (!SMS_FALLBACK_VALUES.includes(value as Entitlements['smsFallback'])) {
        throw DomainError.validation(key, `smsFallback must be one of ${SMS_FALLBACK_VALUES.join(', ')}`);
      }
    } else {
      throw DomainError.validation(key, `${key} is not an entitlement`);
    }
    overrides[key as keyof Entitlements] = value;
  }
  const merged = mergeEntitlements(book, overrides as Partial<Entitlements>);
  if (merged.offlineRetentionHours > merged.offlineRetentionMaxHours) {
    throw DomainError.validation(
      'offlineRetentionHours',
      `offlineRetentionHours must not exceed offlineRetentionMaxHours (${merged.offlineRetentionMaxHours})`,
    );
  }
  return overrides as Partial<Entitlements>;
}
