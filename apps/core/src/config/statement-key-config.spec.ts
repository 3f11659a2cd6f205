import { generateKeyPairSync } from 'node:crypto';
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
