import { isValidDate } from './calendar';

describe('isValidDate', () => {
  it.each(['2026-03-01', '2024-02-29', '2026-12-31', '0001-01-01', '0050-06-15'])('accepts the calendar date %s', (text) => {
    expect(isValidDate(text)).toBe(true);
  });

  it.each(['2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-1-01', '2026-01-01T00:00', ' 2026-01-01', ''])(
    'refuses %j',
    (text) => {
      expect(isValidDate(text)).toBe(false);
    },
  );
});
