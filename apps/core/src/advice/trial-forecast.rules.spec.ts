import { forecastTrialCutoff, isCutoffNear } from './trial-forecast.rules';

describe('trial-cutoff forecast', () => {
  it('projects the first day a rising line passes 1,000', () => {
    // 400..800 over 03-01..03-05: +100 a day; 1,000 exactly on 03-07 is not over, 1,100 on 03-08 is.
    expect(forecastTrialCutoff([400, 500, 600, 700, 800], '2026-03-05')).toEqual({
      projectedCutoffDate: '2026-03-08',
      basis: { from: '2026-03-01', to: '2026-03-05', days: 5, latestDau: 800, slopePerDay: 100, projectedDau: 1100 },
    });
  });

  it('fits the trend through noise by least squares', () => {
    // x 0..3, y 100, 300, 200, 400: slope 80, intercept 130; 130 + 80x > 1000 from x = 11 (1,010) -> 03-12
    expect(forecastTrialCutoff([100, 300, 200, 400], '2026-03-04')).toMatchObject({
      projectedCutoffDate: '2026-03-12',
      basis: { slopePerDay: 80, projectedDau: 1010 },
    });
  });

  it('says today when the trend is already over but the closed days were not', () => {
    // 0, 0, 990: slope 495 -> over at x = 3 (today, 03-04) at the earliest
    expect(forecastTrialCutoff([0, 0, 990], '2026-03-03')?.projectedCutoffDate).toBe('2026-03-04');
  });

  it.each([
    ['flat', [500, 500, 500, 500]],
    ['falling', [900, 800, 700, 600]],
    ['far below: 98 days out', [0, 10, 20, 30]],
    ['too few days', [100, 900]],
  ])('forecasts nothing when %s', (_, series) => {
    expect(forecastTrialCutoff(series, '2026-03-10')).toBeNull();
  });

  it('warns when the cutoff is at most 3 days after today', () => {
    const forecast = forecastTrialCutoff([400, 500, 600, 700, 800], '2026-03-05');
    expect(isCutoffNear(forecast, '2026-03-04')).toBe(false);
    expect(isCutoffNear(forecast, '2026-03-05')).toBe(true);
    expect(isCutoffNear(null, '2026-03-05')).toBe(false);
  });
});
