import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, compactVerify, createLocalJWKSet, exportJWK, type JSONWebKeySet } from 'jose';
import { answer } from '../support/api-client';
import { TestSystem } from '../support/system';

/** Production: the key of STATEMENT_SIGNING_KEY signs, its thumbprint is the kid, and no key is kept in the database. */
describe('statements signed with STATEMENT_SIGNING_KEY', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  let system: TestSystem;
  beforeAll(async () => {
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    system = await TestSystem.start({ clockStart: '2026-06-15T12:00:00+08:00', env: { STATEMENT_SIGNING_KEY: pem.replace(/\n/g, '\\n') } });
  });
  afterAll(async () => system.stop());

  it('publishes that key and signs with it', async () => {
    const publicJwk = await exportJWK(createPublicKey(privateKey));
    const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
    const jwks = (await answer(system.as(null).GET('/.well-known/jwks.json'))).data!;
    expect(jwks.keys).toEqual([{ ...publicJwk, kid, alg: 'EdDSA', use: 'sig' }]);

    const accountId = (await answer(system.http.POST('/v1/accounts', { body: { name: 'Production Co' } }))).data!.id;
    const { jws, ...statement } = (
      await answer(system.http.GET('/v1/accounts/{id}/statements/{month}', { params: { path: { id: accountId, month: '2026-06' } } }))
    ).data!;
    expect(statement).toMatchObject({ provisional: true, from: '2026-06-01', to: '2026-06-15', lines: [] });
    const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks as JSONWebKeySet));
    expect(protectedHeader.kid).toBe(kid);
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(statement);
    expect(await system.prisma.statementSigningKey.count()).toBe(0);
  });
});
