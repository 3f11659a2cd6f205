import type { Entitlements } from '../pricing/price-book';
import type { Platform } from './application.types';

/** Apps that are not destroyed, of one account: all of them and those on the platform of the new app. */
export interface LiveAppCount {
  total: number;
  onPlatform: number;
}

/** Why one more app on `platform` would break the account's limits (SPEC.md 4), or null when it fits. */
export function appLimitRefusal(live: LiveAppCount, platform: Platform, limits: Entitlements): string | null {
  if (live.total >= limits.appsPerAccount) {
    return `the account already has ${live.total} apps, the most allowed is ${limits.appsPerAccount}`;
  }
  if (live.onPlatform >= limits.appsPerPlatform) {
    return `the account already has ${live.onPlatform} ${platform} apps, the most allowed per platform is ${limits.appsPerPlatform}`;
  }
  return null;
}
