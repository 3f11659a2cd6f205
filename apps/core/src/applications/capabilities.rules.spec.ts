import { INITIAL_PRICE_BOOK } from '../../../../prisma/seed/price-book.data';
import { appLimitRefusal } from './app-limits.rules';
import type { AppState } from './application.types';
import { capabilities, parseEntitlementOverrides } from './capabilities.rules';

const book = INITIAL_PRICE_BOOK.entitlements;
const app = (state: AppState, throttled = false, entitlementOverrides = {}) => ({ state, throttled, entitlementOverrides });

describe('capabilities (SPEC.md 11)', () => {
  it.each<[AppState, boolean, boolean]>([
    ['trial', true, true],
    ['active', true, true],
    ['grace', true, true],
    ['deploying', false, true],
    ['suspended', false, true],
    ['destroyed', false, false],
  ])('%s: push %s, register %s', (state, push, register) => {
    expect(capabilities(app(state), book)).toMatchObject({ state, push, register, throttled: false });
  });

  it('is throttled only while it may push', () => {
    expect(capabilities(app('active', true), book).throttled).toBe(true);
    expect(capabilities(app('grace', true), book).throttled).toBe(true);
    expect(capabilities(app('suspended', true), book).throttled).toBe(false);
  });

  it('merges the app overrides over the price book entitlements', () => {
    const caps = capabilities(app('trial', false, { offlineRetentionHours: 72 }), book);
    expect(caps.entitlements).toEqual({ ...book, offlineRetentionHours: 72 });
    expect(book.offlineRetentionHours).toBe(24);
  });
});

describe('entitlement overrides', () => {
  it('accepts known entitlements with values of their type', () => {
    expect(parseEntitlementOverrides({ tagsPerToken: 500, smsFallback: 'billed_separately' }, book)).toEqual({
      tagsPerToken: 500,
      smsFallback: 'billed_separately',
    });
    expect(parseEntitlementOverrides({}, book)).toEqual({});
  });

  it.each([
    [{ colour: 'red' }, 'colour'],
    [{ appsPerPlatform: 60 }, 'appsPerPlatform'],
    [{ tagsPerToken: -1 }, 'tagsPerToken'],
    [{ tagsPerToken: null }, 'tagsPerToken'],
    [{ offlineRetentionHours: 73 }, 'offlineRetentionHours'],
    [{ offlineRetentionMaxHours: 12 }, 'offlineRetentionHours'],
  ])('refuses %j naming %s', (input, field) => {
    expect(() => parseEntitlementOverrides(input, book)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field } }),
    );
  });
});

describe('app limits (SPEC.md 4)', () => {
  it('allows up to 150 apps per account and 50 per platform', () => {
    expect(appLimitRefusal({ total: 149, onPlatform: 49 }, 'ios', book)).toBeNull();
    expect(appLimitRefusal({ total: 149, onPlatform: 50 }, 'ios', book)).toContain('per platform is 50');
    expect(appLimitRefusal({ total: 150, onPlatform: 10 }, 'ios', book)).toContain('150');
  });
});
