import { graceEnd, isExpired, scopeRefusal } from './api-key.rules';
import { keyOfAuthorization, newApiKey, readPresentedKey, sha256 } from './api-key.format';

describe('API-key rules', () => {
  const now = new Date('2026-03-01T00:00:00Z');

  it('ends a key at its expiry instant, not after', () => {
    expect(isExpired({ expiresAt: null }, now)).toBe(false);
    expect(isExpired({ expiresAt: new Date('2026-03-01T00:00:01Z') }, now)).toBe(false);
    expect(isExpired({ expiresAt: now }, now)).toBe(true);
  });

  it('allows regions on ingest keys only and refuses an expiry in the past', () => {
    expect(scopeRefusal({ role: 'readonly', accountId: null, regions: ['ap-shanghai'], expiresAt: null }, now)).toMatchObject({
      field: 'regions',
    });
    expect(scopeRefusal({ role: 'ingest', accountId: null, regions: ['ap-shanghai'], expiresAt: null }, now)).toBeNull();
    expect(scopeRefusal({ role: 'admin', accountId: null, regions: null, expiresAt: now }, now)).toMatchObject({ field: 'expiresAt' });
  });

  it('ends the grace period graceSeconds later', () => {
    expect(graceEnd(now, 90).toISOString()).toBe('2026-03-01T00:01:30.000Z');
  });

  it('reads a pbk key by its public id and the hash of its secret only', () => {
    const { key, keyId, secret } = newApiKey();
    expect(key).toMatch(/^pbk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(readPresentedKey(key)).toEqual({ keyId, hash: sha256(secret) });
    expect(readPresentedKey('test-admin-key-0123456789abcdef')).toEqual({ keyId: null, hash: sha256('test-admin-key-0123456789abcdef') });
  });

  it('takes the key from Bearer or from the Basic password', () => {
    expect(keyOfAuthorization('Bearer abc')).toBe('abc');
    expect(keyOfAuthorization(`Basic ${Buffer.from('me:the-key').toString('base64')}`)).toBe('the-key');
    expect(keyOfAuthorization(`Basic ${Buffer.from('me:').toString('base64')}`)).toBeNull();
    expect(keyOfAuthorization(undefined)).toBeNull();
  });
});
