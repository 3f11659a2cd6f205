import type { Role } from './roles';

/** Rotation's default overlap: a day for every holder of the old key to switch. */
export const DEFAULT_GRACE_SECONDS = 86_400;
export const MAX_GRACE_SECONDS = 30 * 86_400;

export interface KeyScopes {
  role: Role;
  accountId: string | null;
  regions: string[] | null;
  expiresAt: Date | null;
}

/** Whether a stored, unrevoked key still opens the door at `wallNow` (wall-clock time, never the billing clock). */
export function isExpired(key: { expiresAt: Date | null }, wallNow: Date): boolean {
  return key.expiresAt !== null && key.expiresAt.getTime() <= wallNow.getTime();
}

/** The field at fault in a new key's scopes, or null. */
export function scopeRefusal(scopes: KeyScopes, wallNow: Date): { field: string; message: string } | null {
  if (scopes.regions && scopes.role !== 'ingest') return { field: 'regions', message: 'regions limit ingest keys only' };
  if (scopes.expiresAt && scopes.expiresAt.getTime() <= wallNow.getTime())
    return { field: 'expiresAt', message: 'expiresAt must be in the future' };
  return null;
}

/** When the old key of a rotation stops working. */
export function graceEnd(wallNow: Date, graceSeconds: number): Date {
  return new Date(wallNow.getTime() + graceSeconds * 1000);
}
