import {
  checkReports,
  highestPerSnapshot,
  readEnvelope,
  refusal,
  monthlyPeaks,
  trialOpenFrom,
  usageRange,
  wholeMonths,
} from './usage.rules';

const TODAY = '2026-03-10';
const APP = '0b7c2f3e-8a47-4c59-9d6e-1f2a3b4c5d6e';

describe('DAU report rules', () => {
  it('accepts a well-formed report, defaulting the source and lower-casing the id', () => {
    expect(
      checkReports(
        [
          { appId: APP.toUpperCase(), date: TODAY, dau: 0 },
          { appId: APP, date: '2025-12-31', dau: 7, source: 'gw' },
        ],
        TODAY,
      ),
    ).toEqual([
      { appId: APP, date: TODAY, dau: 0, source: 'default' },
      { appId: APP, date: '2025-12-31', dau: 7, source: 'gw' },
    ]);
  });

  it.each([
    [null, 'report'],
    [[1], 'report'],
    [{ date: TODAY, dau: 1 }, 'appId'],
    [{ appId: APP, date: '10/03/2026', dau: 1 }, 'date'],
    [{ appId: APP, date: '2026-02-29', dau: 1 }, 'date'],
    [{ appId: APP, date: '2026-03-11', dau: 1 }, 'date'],
    [{ appId: APP, date: TODAY, dau: -1 }, 'dau'],
    [{ appId: APP, date: TODAY, dau: 2.5 }, 'dau'],
    [{ appId: APP, date: TODAY, dau: 200_000_001 }, 'dau'],
    [{ appId: APP, date: TODAY }, 'dau'],
    [{ appId: APP, date: TODAY, dau: 1, source: 'x'.repeat(65) }, 'source'],
    [{ appId: APP, date: TODAY, dau: 1, source: 3 }, 'source'],
  ])('refuses %j naming %s', (raw, field) => {
    expect(checkReports([raw], TODAY)).toEqual([{ field, message: expect.any(String) }]);
  });

  it('judges each report alone, also when a batch repeats a bad date', () => {
    const bad = { appId: APP, date: '2026-03-11', dau: 1 };
    const good = { appId: APP, date: TODAY, dau: 1 };
    expect(checkReports([bad, good, bad], TODAY).map((r) => ('field' in r ? r.field : 'ok'))).toEqual(['date', 'ok', 'date']);
  });

  it.each([
    [null, 'body'],
    [[], 'body'],
    [{}, 'reports'],
    [{ reports: {} }, 'reports'],
    [{ reports: [], extra: 1 }, 'extra'],
    [{ reports: Array.from({ length: 1001 }, () => ({})) }, 'reports'],
    [{ reports: [{ appId: APP }, { appId: APP, devices: 1 }] }, 'reports.1.devices'],
  ])('refuses the envelope %j naming %s', (body, field) => {
    expect(readEnvelope(body)).toMatchObject({ field });
  });

  it('passes a good envelope through, reports not yet checked', () => {
    expect(readEnvelope({ reports: [{ appId: APP }, 'x'] })).toEqual([{ appId: APP }, 'x']);
  });

  it('refuses a report for an unknown or destroyed app, or a settled day', () => {
    const report = { appId: APP, date: '2026-03-05', dau: 1, source: 'default' };
    const open = (closedThrough: string | null, openFrom = '2026-03-01') => ({ closedThrough, trialOpenFrom: openFrom });
    expect(refusal(report, undefined, open(null))?.status).toBe('NOT_FOUND');
    expect(refusal(report, { state: 'destroyed', plan: 'payg' }, open(null))?.status).toBe('INVALID_STATE');
    expect(refusal(report, { state: 'suspended', plan: 'payg' }, open('2026-03-05'))?.status).toBe('DAY_CLOSED');
    expect(refusal(report, { state: 'suspended', plan: 'payg' }, open('2026-03-04'))).toBeNull();
    expect(refusal(report, { state: 'trial', plan: 'trial' }, open(null, '2026-03-06'))?.status).toBe('DAY_CLOSED');
    expect(refusal(report, { state: 'suspended', plan: 'trial' }, open(null, '2026-03-05'))).toBeNull();
    expect(refusal(report, { state: 'active', plan: 'payg' }, open(null, '2026-03-06'))).toBeNull();
  });

  it('closes a trial day at 00:00 in the billing zone, after the grace for reports in flight', () => {
    expect(trialOpenFrom(new Date('2026-03-06T00:04:59+08:00'), 'Asia/Shanghai', 300)).toBe('2026-03-05');
    expect(trialOpenFrom(new Date('2026-03-06T00:05:00+08:00'), 'Asia/Shanghai', 300)).toBe('2026-03-06');
    expect(trialOpenFrom(new Date('2026-03-06T00:00:00+08:00'), 'Asia/Shanghai', 0)).toBe('2026-03-06');
    expect(trialOpenFrom(new Date('2026-03-05T23:59:59+08:00'), 'Asia/Shanghai', 0)).toBe('2026-03-05');
  });

  it('keeps the highest snapshot of each (app, day, source) in a batch', () => {
    const reports = [
      { appId: APP, date: TODAY, dau: 5, source: 'a' },
      { appId: APP, date: TODAY, dau: 9, source: 'a' },
      { appId: APP, date: TODAY, dau: 7, source: 'a' },
      { appId: APP, date: TODAY, dau: 1, source: 'b' },
    ];
    expect(highestPerSnapshot(reports)).toEqual([reports[1], reports[3]]);
  });
});

describe('usage queries', () => {
  it('defaults to the 30 days up to today and checks the range', () => {
    expect(usageRange(TODAY)).toEqual({ from: '2026-02-08', to: TODAY });
    expect(usageRange(TODAY, '2026-01-01', '2026-01-31')).toEqual({ from: '2026-01-01', to: '2026-01-31' });
    expect(usageRange(TODAY, '2026-02-01', '2026-01-31')).toMatchObject({ field: 'from' });
    expect(usageRange(TODAY, '2025-01-01', '2026-01-31')).toMatchObject({ field: 'from' });
    expect(usageRange(TODAY, undefined, '2026-1-31')).toMatchObject({ field: 'to' });
  });

  it('widens a range to whole months, leap days included', () => {
    expect(wholeMonths({ from: '2028-01-15', to: '2028-02-03' })).toEqual({ from: '2028-01-01', to: '2028-02-29' });
    expect(wholeMonths({ from: '2026-12-31', to: '2026-12-31' })).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('takes the highest day of each month', () => {
    const days = [
      { date: '2026-02-28', dau: 3 },
      { date: '2026-01-02', dau: 10 },
      { date: '2026-01-20', dau: 40 },
      { date: '2026-02-01', dau: 7 },
    ];
    expect(monthlyPeaks(days)).toEqual([
      { month: '2026-01', peak: 40 },
      { month: '2026-02', peak: 7 },
    ]);
  });
});
