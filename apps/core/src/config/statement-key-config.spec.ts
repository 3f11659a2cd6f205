import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { loadConfig } from './config';

const base = { DATABASE_URL: 'postgresql://localhost/x' };
const pem = (type: 'ed25519' | 'ed448') =>
  (type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ed448')).privateKey
    .export({ type: 'pkcs8', format: 'pem' })
    .toString();

describe('STATEMENT_SIGNING_KEY', () => {
  it('is optional: without it statements are signed with the development key of the database', () => {
    expect(loadConfig(base).statementSigningKey).toBeUndefined();
  });

  it('reads an Ed25519 PKCS8 PEM, also written on one line with \\n escapes', () => {
    const key = pem('ed25519');
    expect(loadConfig({ ...base, STATEMENT_SIGNING_KEY: key }).statementSigningKey?.asymmetricKeyType).toBe('ed25519');
    const oneLine = key.trim().replace(/\n/g, '\\n');
    const read = loadConfig({ ...base, STATEMENT_SIGNING_KEY: oneLine }).statementSigningKey!;
    expect(read.export({ type: 'pkcs8', format: 'pem' })).toBe(key);
  });

  it('stops the process on anything else, naming the variable', () => {
    expect(() => loadConfig({ ...base, STATEMENT_SIGNING_KEY: 'not a key' })).toThrow(
      'STATEMENT_SIGNING_KEY must be a PKCS8 PEM private key',
    );
    expect(() => loadConfig({ ...base, STATEMENT_SIGNING_KEY: pem('ed448') })).toThrow('STATEMENT_SIGNING_KEY must be an Ed25519 key');
  });
});

describe('STATEMENT_RETIRED_PUBLIC_KEYS', () => {
  const publicPem = (type: 'ed25519' | 'ed448' | 'rsa') => {
    const pair =
      type === 'ed25519'
        ? generateKeyPairSync('ed25519')
        : type === 'ed448'
          ? generateKeyPairSync('ed448')
          : generateKeyPairSync('rsa', { modulusLength: 2048 });
    return pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  };
  const retired = (value: string) => loadConfig({ ...base, STATEMENT_RETIRED_PUBLIC_KEYS: value }).statementRetiredPublicKeys;
  const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();

  it('is optional: without it no retired key is published', () => {
    expect(loadConfig(base).statementRetiredPublicKeys).toEqual([]);
  });

  it('reads Ed25519 SPKI PEMs one after another, in order, also on one line with \\n escapes', () => {
    const [first, second] = [publicPem('ed25519'), publicPem('ed25519')];
    expect(retired(first + second).map(spki)).toEqual([first, second]);
    const oneLine = `${first.trim()}\n${second.trim()}`.replace(/\n/g, '\\n');
    expect(retired(oneLine).map(spki)).toEqual([first, second]);
  });

  it('stops the process on anything else, naming the variable', () => {
    expect(() => retired('not a key')).toThrow(
      'STATEMENT_RETIRED_PUBLIC_KEYS must be SPKI PEM public keys (-----BEGIN PUBLIC KEY-----), one after another',
    );
    expect(() => retired(`${publicPem('ed25519')}trailing words`)).toThrow('STATEMENT_RETIRED_PUBLIC_KEYS must be SPKI PEM public keys');
    expect(() => retired('-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----')).toThrow(
      'STATEMENT_RETIRED_PUBLIC_KEYS holds a PUBLIC KEY block that does not parse',
    );
    for (const type of ['ed448', 'rsa'] as const)
      expect(() => retired(publicPem('ed25519') + publicPem(type))).toThrow('STATEMENT_RETIRED_PUBLIC_KEYS must hold Ed25519 keys only');
  });

  it('refuses a private key, which it would otherwise take and publish the public half of', () => {
    expect(() => retired(publicPem('ed25519') + pem('ed25519'))).toThrow(
      'STATEMENT_RETIRED_PUBLIC_KEYS holds a private key; give only public halves (openssl pkey -in old.pem -pubout)',
    );
  });
});
