import type { AppState, Plan, SuspensionReason } from '../lifecycle/app-state.types';
import type { Entitlements, Region } from '../pricing/price-book';

// The lifecycle's vocabulary, re-exported: an application is read with its state and plan.
export type { AppState, Plan, SuspensionReason } from '../lifecycle/app-state.types';

export const PLATFORMS = ['android', 'ios', 'macos'] as const;
export type Platform = (typeof PLATFORMS)[number];

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
