import { expiryWindows } from './expiry.rules';

/** SPEC.md 6 by hand: a plan paid through 2026-03-09 expires on E = 2026-03-10. */
describe('expiryWindows', () => {
  const E = '2026-03-10';

  it('puts E in the reminder window on E-7 .. E-1 only', () => {
    const inReminder = (day: string) => {
      const w = expiryWindows(day);
      return w.remindFrom <= E && E <= w.remindTo;
    };
    expect(inReminder('2026-03-02')).toBe(false); // E-8
    expect(inReminder('2026-03-03')).toBe(true); // E-7
    expect(inReminder('2026-03-09')).toBe(true); // E-1
    expect(inReminder('2026-03-10')).toBe(false); // E itself: expired, no longer a reminder
  });

  it('sends expiry notices on E .. E+7, then suspends from E+8 and destroys from E+15', () => {
    expect(expiryWindows('2026-03-10')).toEqual({
      remindFrom: '2026-03-11',
      remindTo: '2026-03-17',
      expiredBy: '2026-03-10',
      noticeFrom: '2026-03-03',
      suspendBy: '2026-03-02',
      destroyBy: '2026-02-23',
    });
    const step = (day: string) => {
      const w = expiryWindows(day);
      return {
        expired: E <= w.expiredBy,
        notice: w.noticeFrom <= E && E <= w.expiredBy,
        suspend: E <= w.suspendBy,
        destroy: E <= w.destroyBy,
      };
    };
    expect(step('2026-03-09')).toEqual({ expired: false, notice: false, suspend: false, destroy: false });
    expect(step('2026-03-10')).toEqual({ expired: true, notice: true, suspend: false, destroy: false });
    expect(step('2026-03-17')).toEqual({ expired: true, notice: true, suspend: false, destroy: false }); // E+7
    expect(step('2026-03-18')).toEqual({ expired: true, notice: false, suspend: true, destroy: false }); // E+8
    expect(step('2026-03-24')).toEqual({ expired: true, notice: false, suspend: true, destroy: false }); // E+14
    expect(step('2026-03-25')).toEqual({ expired: true, notice: false, suspend: true, destroy: true }); // E+15
  });

  it('crosses month and leap-year ends by calendar day', () => {
    expect(expiryWindows('2028-03-01')).toMatchObject({
      remindTo: '2028-03-08',
      noticeFrom: '2028-02-23',
      suspendBy: '2028-02-22',
      destroyBy: '2028-02-15',
    });
    expect(expiryWindows('2026-12-28')).toMatchObject({ remindFrom: '2026-12-29', remindTo: '2027-01-04' });
  });
});
