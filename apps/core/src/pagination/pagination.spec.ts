import { DomainError } from '../errors/domain-error';
import { decodeCursor, encodeCursor, pageOf, pageRequest } from './pagination';

describe('list pages', () => {
  it('cuts limit + 1 rows into a page whose cursor is the key of its last item', () => {
    const page = pageOf([1, 2, 3], 2, (n) => [n]);
    expect(page.items).toEqual([1, 2]);
    expect(decodeCursor(page.nextCursor!, ['number'])).toEqual([2]);
    expect(pageOf([1, 2], 2, (n) => [n])).toEqual({ items: [1, 2], nextCursor: null });
  });

  it('round-trips a cursor and refuses anything that is not one of this list, on the cursor field', () => {
    expect(decodeCursor(encodeCursor(['2026-03-01', 'abc']), ['string', 'string'])).toEqual(['2026-03-01', 'abc']);
    for (const bad of ['%%%', encodeCursor(['a']), encodeCursor([1, 'b']), Buffer.from('{"a":1}').toString('base64url')]) {
      expect(() => decodeCursor(bad, ['string', 'string'])).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field: 'cursor' } }) as DomainError,
      );
    }
  });

  it('defaults the limit to 100 and keeps it within 1-1000', () => {
    expect(pageRequest({}, ['string'])).toEqual({ limit: 100, after: null });
    expect(pageRequest({ limit: 1000 }, ['string']).limit).toBe(1000);
    expect(() => pageRequest({ limit: 1001 }, ['string'])).toThrow(expect.objectContaining({ details: { field: 'limit' } }) as DomainError);
    expect(() => pageRequest({ limit: 0 }, ['string'])).toThrow(expect.objectContaining({ details: { field: 'limit' } }) as DomainError);
  });
});
