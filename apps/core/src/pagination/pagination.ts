import { DomainError } from '../errors/domain-error';

/**
 * The lists of SPEC.md 12.1: `{items, nextCursor}`, `?limit` (1-1000,
 * default 100) and an opaque keyset `?cursor`. A cursor is the sort key of
 * the last item a page showed, so the next page starts strictly after it:
 * rows inserted meanwhile never shift a page (no row is shown twice or
 * skipped), unlike an offset. Repositories fetch `limit + 1` rows ordered by
 * the key and `pageOf` cuts them, so the last page is known without a count.
 */
export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;

export type CursorKey = (string | number)[];

export interface PageRequest {
  limit: number;
  /** The sort key of the last item already shown; null for the first page. */
  after: CursorKey | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Reads a cursor of the given shape; anything else is a 400 on `cursor` (never a 5xx). */
export function decodeCursor(cursor: string | undefined, shape: readonly ('string' | 'number')[]): CursorKey | null {
  if (cursor === undefined) return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  const valid =
    Array.isArray(key) && key.length === shape.length && key.every((part, i) => typeof part === shape[i] && String(part).length <= 200);
  if (!valid) throw DomainError.validation('cursor', 'cursor is not a cursor of this list: pass back the nextCursor of its previous page');
  return key as CursorKey;
}

export function pageRequest(query: { limit?: number; cursor?: string }, shape: readonly ('string' | 'number')[]): PageRequest {
  const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw DomainError.validation('limit', `limit must be a whole number from 1 to ${MAX_PAGE_LIMIT}`);
  }
  return { limit, after: decodeCursor(query.cursor, shape) };
}

/** Cuts `limit + 1` rows fetched in key order into a page; the extra row only says that another page exists. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => CursorKey): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(keyOf(items[items.length - 1])) : null };
}

export function mapPage<T, U>(page: Page<T>, map: (item: T) => U): Page<U> {
  return { items: page.items.map(map), nextCursor: page.nextCursor };
}
