import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `pbk_<key id>_<secret>`: 16 hex characters of public id, then 32 random bytes in base64url. */
const PBK = /^pbk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface PresentedKey {
  /** The public key id, for keys of the pbk format; null for older tokens and ADMIN_API_KEY. */
  keyId: string | null;
  /** The sha256 stored for this key: of the secret (pbk) or of the whole token. */
  hash: string;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function newApiKey(): { keyId: string; secret: string; key: string } {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, secret, key: `pbk_${keyId}_${secret}` };
}

/** What a presented token is looked up by; any string is a candidate (older keys had no format). */
export function readPresentedKey(token: string): PresentedKey {
  const match = PBK.exec(token);
  return match ? { keyId: match[1], hash: sha256(match[2]) } : { keyId: null, hash: sha256(token) };
}

export function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * The API key of an Authorization header: `Bearer <key>` (scripts), or the
 * password of HTTP Basic auth with any user name (browsers, which prompt for
 * it when answered with WWW-Authenticate).
 */
export function keyOfAuthorization(authorization: string | undefined): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (bearer) return bearer[1];
  const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (!basic) return null;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && colon < decoded.length - 1 ? decoded.slice(colon + 1) : null;
}
