import type { Entitlements } from '../pricing/price-book';
import { appLimitRefusal } from './app-limits.rules';

describe('appLimitRefusal', () => {
  const limits: Entitlements = {
    offlineRetentionHours: 72,
    offlineRetentionMaxHours: 72,
    offlineMessagesPerDevice: 100,
    tagsPerToken: 100,
    customTagsPerApp: 10000,
    queryApiCallsPerHour: 1000,
    deviceValidityDays: 90,
    appsPerAccount: 10,
    appsPerPlatform: 4,
    smsFallback: 'billed_separately',
  };

  it('lets a new app in below both limits', () => {
    expect(appLimitRefusal({ total: 9, onPlatform: 3 }, 'ios', limits)).toBeNull();
    expect(appLimitRefusal({ total: 0, onPlatform: 0 }, 'android', limits)).toBeNull();
  });

  it('refuses the app over the account limit, whatever its platform', () => {
    expect(appLimitRefusal({ total: 10, onPlatform: 0 }, 'macos', limits)).toBe('the account already has 10 apps, the most allowed is 10');
  });

  it('refuses the app over the limit of its platform', () => {
    expect(appLimitRefusal({ total: 4, onPlatform: 4 }, 'android', limits)).toBe(
      'the account already has 4 android apps, the most allowed per platform is 4',
    );
  });

  it('names the account limit first when both are reached', () => {
    expect(appLimitRefusal({ total: 12, onPlatform: 5 }, 'ios', limits)).toMatch(/^the account already has 12 apps/);
  });
});
