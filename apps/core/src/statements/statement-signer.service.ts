import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { calculateJwkThumbprint, CompactSign, exportJWK, type JWK } from 'jose';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { SigningKeyRepository } from './signing-key.repository';

interface SigningKey {
  privateKey: KeyObject;
  kid: string;
  publicJwk: JWK;
}

/** A public key as a JWK, named by its RFC 7638 thumbprint: the same key always has the same `kid`. */
async function publicJwkOf(publicKey: KeyObject): Promise<JWK & { kid: string }> {
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return { ...jwk, kid, alg: 'EdDSA', use: 'sig' };
}

/**
 * Signs statements (compact JWS, EdDSA over Ed25519, RFC 7515) with the key
 * of STATEMENT_SIGNING_KEY or, without one, the development key kept in the
 * database; publishes its public half for /.well-known/jwks.json, then the
 * retired keys of STATEMENT_RETIRED_PUBLIC_KEYS, so that statements signed
 * before a rotation still verify.
 */
@Injectable()
export class StatementSigner {
  private key: Promise<SigningKey> | undefined;
  private retired: Promise<JWK[]> | undefined;

  constructor(
    private readonly keys: SigningKeyRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The payload is the canonical JSON (RFC 8785) of the document: a verifier can re-derive it byte for byte. */
  async sign(document: object): Promise<string> {
    const { privateKey, kid } = await this.current();
    return new CompactSign(new TextEncoder().encode(canonicalize(document)))
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JOSE', cty: 'json' })
      .sign(privateKey);
  }

  /** The current key first, then each retired one; a key listed twice (or retired and current) appears once. */
  async publicKeys(): Promise<JWK[]> {
    this.retired ??= Promise.all(this.config.statementRetiredPublicKeys.map(publicJwkOf));
    const keys = [(await this.current()).publicJwk, ...(await this.retired)];
    return keys.filter((key, index) => keys.findIndex((other) => other.kid === key.kid) === index);
  }

  private current(): Promise<SigningKey> {
    // A failed load (the database away) is tried again on the next request rather than kept.
    this.key ??= this.load().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  private async load(): Promise<SigningKey> {
    const privateKey = this.config.statementSigningKey ?? (await this.developmentKey());
    const publicJwk = await publicJwkOf(createPublicKey(privateKey));
    return { privateKey, kid: publicJwk.kid, publicJwk };
  }

  private async developmentKey(): Promise<KeyObject> {
    const pem = (await this.keys.find()) ?? (await this.keys.keepFirst(await this.generate(), this.clock.now()));
    return createPrivateKey(pem);
  }

  private async generate(): Promise<{ kid: string; privateKeyPem: string }> {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    return { kid: (await publicJwkOf(publicKey)).kid, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  }
}
