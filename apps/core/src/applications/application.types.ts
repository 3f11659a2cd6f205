import type { Entitlements, Region } from '../pricing/price-book';

export const APP_STATES = ['trial', 'deploying', 'active', 'grace', 'suspended', 'destroyed'] as const;
export type AppState = (typeof APP_STATES)[number];

export const PLANS = ['trial', 'prepaid', 'payg', 'charity'] as const;
export type Plan = (typeof PLANS)[number];

export const PLATFORMS = ['android', 'ios', 'macos'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Why an app is suspended (applications.suspension_reason). */
export type SuspensionReason = 'trial_over_limit' | 'expired' | 'arrears' | 'refunded';

export interface Application {
  id: string;
  accountId: string;
  /** The public numeric id; a string in JSON because it is a BIGINT. */
  accessId: string;
  name: string;
  platform: Platform;
  region: Region;
  plan: Plan;
  state: AppState;
  stateChangedAt: Date;
  suspensionReason: SuspensionReason | null;
  /** Billing date of the trial suspension (S of SPEC.md 3). */
  trialSuspendedOn: string | null;
  charityApproved: boolean;
  throttled: boolean;
  entitlementOverrides: Partial<Entitlements>;
  createdAt: Date;
  destroyedAt: Date | null;
}
