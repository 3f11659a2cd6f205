import { isValidDate, isValidInstant } from './calendar';

describe('isValidDate', () => {
  it.each(['2026-03-01', '2024-02-29', '2026-12-31', '2000-01-01', '2999-12-31'])('accepts the calendar date %s', (text) => {
    expect(isValidDate(text)).toBe(true);
  });

  it.each(['2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-1-01', '2026-01-01T00:00', ' 2026-01-01', ''])(
    'refuses %j',
    (text) => {
      expect(isValidDate(text)).toBe(false);
    },
  );
});

describe('the dates the product accepts (SPEC 15)', () => {
  it('takes dates from 2000-01-01 to 2999-12-31 only', () => {
    expect(['2000-01-01', '2026-02-28', '2999-12-31'].map(isValidDate)).toEqual([true, true, true]);
    expect(['0000-01-01', '1999-12-31', '3000-01-01', '2026-02-29', '2026-13-01'].map(isValidDate)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('takes instants whose date, as written and in UTC, is in range', () => {
    expect(isValidInstant('2026-03-10T10:00:00+08:00')).toBe(true);
    expect(isValidInstant('3000-01-01T00:00:00+08:00')).toBe(false);
    expect(isValidInstant('2999-12-31T23:00:00-08:00')).toBe(false);
    expect(isValidInstant('1999-12-31T23:00:00Z')).toBe(false);
    expect(isValidInstant('not a time')).toBe(false);
  });
});
