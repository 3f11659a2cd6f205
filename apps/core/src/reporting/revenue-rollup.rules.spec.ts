import { nextRollupRange } from './revenue-rollup.rules';

describe('the next days of the revenue rollup', () => {
  it('starts at the first day with revenue on the first run and stops at the last settled day', () => {
    expect(nextRollupRange(null, '2026-05-28', '2026-06-02', 31)).toEqual({ from: '2026-05-28', to: '2026-06-02' });
  });

  it('continues the day after the last rolled day, in chunks', () => {
    expect(nextRollupRange('2026-01-31', '2026-01-01', '2026-06-02', 31)).toEqual({ from: '2026-02-01', to: '2026-03-03' });
  });

  it('catches up missed days in order: the range starts right after the last rolled day however late it runs', () => {
    expect(nextRollupRange('2026-05-29', '2026-01-01', '2026-06-02', 31)).toEqual({ from: '2026-05-30', to: '2026-06-02' });
  });

  it('is done when the last settled day is rolled, or before any settlement, or with no revenue at all', () => {
    expect(nextRollupRange('2026-06-02', '2026-01-01', '2026-06-02', 31)).toBeNull();
    expect(nextRollupRange(null, '2026-01-01', null, 31)).toBeNull();
    expect(nextRollupRange(null, null, '2026-06-02', 31)).toBeNull();
  });

  it('never rolls a day whose settlement has not closed, even when revenue started after it', () => {
    expect(nextRollupRange(null, '2026-06-05', '2026-06-02', 31)).toBeNull();
  });
});
