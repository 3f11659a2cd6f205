import { addDays, daysBetween } from '../clock/calendar';
import { TRIAL_MAX_DAU } from '../lifecycle/trial.rules';

/**
 * The trial-cutoff forecast (SPEC.md 17): a least-squares line through the
 * DAU of the last closed days, and the first day it passes the trial's cap.
 * A line that is flat or falling, or that would take longer than the horizon
 * to get there, forecasts nothing.
 */
export const FORECAST_WINDOW_DAYS = 14;
/** Fewer closed days than this make no trend. */
export const FORECAST_MIN_DAYS = 3;
/** A cutoff projected further out than this is "far below": not shown. */
export const FORECAST_HORIZON_DAYS = 30;
/** The account is warned when the projected cutoff is at most this many days after today. */
export const FORECAST_NOTICE_DAYS = 3;

export interface TrialForecast {
  /** The first day whose DAU the trend puts over the cap. */
  projectedCutoffDate: string;
  basis: {
    from: string;
    to: string;
    days: number;
    latestDau: number;
    /** DAU gained per day by the trend. */
    slopePerDay: number;
    /** The trend's DAU on the projected day. */
    projectedDau: number;
  };
}

/** `dailyDau`: one figure per closed day, oldest first, the last one being `lastClosedDay`. */
export function forecastTrialCutoff(dailyDau: readonly number[], lastClosedDay: string): TrialForecast | null {
  const n = dailyDau.length;
  if (n < FORECAST_MIN_DAYS) return null;
  const meanX = (n - 1) / 2;
  const meanY = dailyDau.reduce((sum, y) => sum + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  dailyDau.forEach((y, x) => {
    sxy += (x - meanX) * (y - meanY);
    sxx += (x - meanX) ** 2;
  });
  const slope = sxy / sxx;
  if (!(slope > 0)) return null;
  const intercept = meanY - slope * meanX;
  // The first whole day strictly over the cap, and never before today (x = n).
  let over = Math.ceil((TRIAL_MAX_DAU - intercept) / slope);
  if (intercept + slope * over <= TRIAL_MAX_DAU) over += 1;
  over = Math.max(n, over);
  const projectedCutoffDate = addDays(lastClosedDay, over - (n - 1));
  if (daysBetween(addDays(lastClosedDay, 1), projectedCutoffDate) > FORECAST_HORIZON_DAYS) return null;
  return {
    projectedCutoffDate,
    basis: {
      from: addDays(lastClosedDay, 1 - n),
      to: lastClosedDay,
      days: n,
      latestDau: dailyDau[n - 1],
      slopePerDay: Math.round(slope * 100) / 100,
      projectedDau: Math.round(intercept + slope * over),
    },
  };
}

/** Whether the account should hear of the forecast today. */
export function isCutoffNear(forecast: TrialForecast | null, today: string): forecast is TrialForecast {
  return forecast !== null && daysBetween(today, forecast.projectedCutoffDate) <= FORECAST_NOTICE_DAYS;
}
