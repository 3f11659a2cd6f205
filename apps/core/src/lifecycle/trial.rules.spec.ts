import { decideSuspendedTrial, isOverTrialLimit, latestDecidableSuspension } from './trial.rules';

const S = '2026-03-10';
const days = (entries: Record<string, number>) => new Map(Object.entries(entries));
const allOver = days(Object.fromEntries([11, 12, 13, 14, 15, 16, 17].map((d) => [`2026-03-${d}`, 5000])));

describe('trial rules', () => {
  it('is over the limit only above 1,000 DAU', () => {
    expect(isOverTrialLimit(1000)).toBe(false);
    expect(isOverTrialLimit(1001)).toBe(true);
  });

  it('waits while no day after the suspension day has ended', () => {
    expect(decideSuspendedTrial(S, S, days({}))).toEqual({ action: 'wait' });
  });

  it('restores on the first ended day at or under the limit, a day without reports counting as 0', () => {
    expect(decideSuspendedTrial(S, '2026-03-11', days({ '2026-03-11': 1000 }))).toEqual({ action: 'restore', day: '2026-03-11' });
    expect(decideSuspendedTrial(S, '2026-03-20', days({ '2026-03-11': 4000, '2026-03-12': 2000 }))).toEqual({
      action: 'restore',
      day: '2026-03-13',
    });
  });

  it('ignores the suspension day itself and days after S+7', () => {
    expect(decideSuspendedTrial(S, '2026-03-18', days({ ...Object.fromEntries(allOver), '2026-03-10': 0, '2026-03-18': 0 }))).toEqual({
      action: 'destroy',
    });
  });

  it('keeps waiting through S+6 when every ended day is over, and destroys once S+7 has ended', () => {
    expect(decideSuspendedTrial(S, '2026-03-16', allOver)).toEqual({ action: 'wait' });
    expect(decideSuspendedTrial(S, '2026-03-17', allOver)).toEqual({ action: 'destroy' });
  });

  it('decides a late run as a timely one would have', () => {
    // The run for 03-12 was missed; the run after 03-19 still restores for 03-12, not destroys.
    const usage = days({ ...Object.fromEntries(allOver), '2026-03-12': 10 });
    expect(decideSuspendedTrial(S, '2026-03-19', usage)).toEqual({ action: 'restore', day: '2026-03-12' });
  });

  it('selects suspensions whose next day has ended', () => {
    expect(latestDecidableSuspension('2026-03-11')).toBe('2026-03-10');
  });
});
