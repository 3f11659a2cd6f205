import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, compactVerify, createLocalJWKSet, errors, exportJWK, type JSONWebKeySet } from 'jose';
import { answer, apiClient, type ApiClient } from '../support/api-client';
import { TestSystem } from '../support/system';

const oneLine = (pem: string) => pem.replace(/\n/g, '\\n');
const privatePem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = (key: KeyObject) => createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();

/** The JWK that /.well-known/jwks.json should publish for this key. */
async function published(privateKey: KeyObject) {
  const publicJwk = await exportJWK(createPublicKey(privateKey));
  return { ...publicJwk, kid: await calculateJwkThumbprint(publicJwk, 'sha256'), alg: 'EdDSA', use: 'sig' };
}

/** Production: the key of STATEMENT_SIGNING_KEY signs, its thumbprint is the kid, and no key is kept in the database. */
describe('statements signed with STATEMENT_SIGNING_KEY', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start({
      clockStart: '2026-06-15T12:00:00+08:00',
      env: { STATEMENT_SIGNING_KEY: oneLine(privatePem(privateKey)) },
    });
  });
  afterAll(async () => system.stop());

  const newAccount = async (name: string) => (await answer(system.http.POST('/v1/accounts', { body: { name } }))).data!.id;
  const june = async (client: ApiClient, id: string) =>
    (await answer(client.GET('/v1/accounts/{id}/statements/{month}', { params: { path: { id, month: '2026-06' } } }))).data!;
  const jwksOf = async (client: ApiClient) => (await answer(client.GET('/.well-known/jwks.json'))).data! as JSONWebKeySet;

  it('publishes that key and signs with it', async () => {
    const key = await published(privateKey);
    const jwks = await jwksOf(system.as(null));
    expect(jwks.keys).toEqual([key]);

    const { jws, ...statement } = await june(system.http, await newAccount('Production Co'));
    expect(statement).toMatchObject({ provisional: true, from: '2026-06-01', to: '2026-06-15', lines: [] });
    const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks));
    expect(protectedHeader.kid).toBe(key.kid);
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(statement);
    expect(await system.prisma.statementSigningKey.count()).toBe(0);
  });

  it('after a rotation, publishes the new key then the retired one: a statement signed before still verifies', async () => {
    const accountId = await newAccount('Audited Co');
    const { jws: signedBefore, ...statement } = await june(system.http, accountId);

    // The rotation of docs/bills-and-statements.md: B signs, A's public half is retired, and B's was listed one restart ahead.
    const rotated = generateKeyPairSync('ed25519').privateKey;
    Object.assign(process.env, {
      STATEMENT_SIGNING_KEY: oneLine(privatePem(rotated)),
      STATEMENT_RETIRED_PUBLIC_KEYS: oneLine(publicPem(privateKey) + publicPem(rotated)),
    });
    const after = await system.startApi();

    const [current, retired] = [await published(rotated), await published(privateKey)];
    const jwks = await jwksOf(apiClient(after, null));
    expect(jwks.keys).toEqual([current, retired]);

    const before = await compactVerify(signedBefore, createLocalJWKSet(jwks));
    expect(before.protectedHeader.kid).toBe(retired.kid);
    expect(JSON.parse(new TextDecoder().decode(before.payload))).toEqual(statement);
    // Without the retired key the same JWS names a key the set does not hold.
    await expect(compactVerify(signedBefore, createLocalJWKSet({ keys: [current] }))).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);

    const { jws: signedAfter, ...again } = await june(apiClient(after, system.adminKey), accountId);
    expect(again).toEqual(statement);
    const fresh = await compactVerify(signedAfter, createLocalJWKSet(jwks));
    expect(fresh.protectedHeader.kid).toBe(current.kid);
    await expect(compactVerify(signedAfter, createLocalJWKSet({ keys: [retired] }))).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });
});
