import { destroyArrearsSuspendedBefore, suspendArrearsBefore } from './arrears.rules';

/** SPEC.md 7: in arrears for 24 hours, the apps are suspended; 7 days after that, destroyed. */
describe('arrears deadlines', () => {
  const now = new Date('2026-05-10T06:00:00.000Z');

  it('suspends accounts in arrears since 24 hours or more before now', () => {
    const cutoff = suspendArrearsBefore(now);
    expect(cutoff.toISOString()).toBe('2026-05-09T06:00:00.000Z');
    const due = (since: string) => new Date(since) <= cutoff;
    expect(due('2026-05-09T06:00:00.000Z')).toBe(true); // exactly 24 hours
    expect(due('2026-05-09T06:00:00.001Z')).toBe(false); // a millisecond short
  });

  it('destroys apps suspended for arrears 7 days (168 hours) or more before now', () => {
    expect(destroyArrearsSuspendedBefore(now).toISOString()).toBe('2026-05-03T06:00:00.000Z');
  });

  it('counts hours, not calendar days, across a month end', () => {
    const turn = new Date('2026-03-01T01:30:00.000Z');
    expect(suspendArrearsBefore(turn).toISOString()).toBe('2026-02-28T01:30:00.000Z');
    expect(destroyArrearsSuspendedBefore(turn).toISOString()).toBe('2026-02-22T01:30:00.000Z');
  });
});
