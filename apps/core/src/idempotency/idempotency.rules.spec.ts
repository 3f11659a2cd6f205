import { canonicalJson, isValidIdempotencyKey, requestHash } from './idempotency.rules';

describe('idempotency rules', () => {
  it('hashes bodies that differ only in key order alike', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
    expect(requestHash({ kind: 'cash', amount: '1.00' })).toBe(requestHash({ amount: '1.00', kind: 'cash' }));
    expect(requestHash({ kind: 'cash', amount: '1.00' })).not.toBe(requestHash({ kind: 'cash', amount: '1.01' }));
    expect(requestHash(undefined)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['a', true],
    ['3f2c9a1e-order-42', true],
    ['k'.repeat(200), true],
    ['', false],
    ['k'.repeat(201), false],
    ['has space', false],
    ['tab\there', false],
    ['é', false],
  ])('%j is a valid key: %s', (key, valid) => {
    expect(isValidIdempotencyKey(key)).toBe(valid);
  });
});
