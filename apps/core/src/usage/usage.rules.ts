import type { AppState } from '../applications/application.types';
import type { Plan } from '../applications/application.types';
import { addDays, billingDate, daysBetween, FIRST_DATE, isValidDate, LAST_DATE } from '../clock/calendar';
import type { ErrorCode } from '../errors/domain-error';
import { hasControlCharacter } from '../input/input.rules';

/**
 * DAU reports (SPEC.md 12, POST /v1/usage/dau). Each report is a cumulative
 * snapshot of one source for one app-day; the day's DAU is the sum over
 * sources of each source's highest snapshot, so repeats and reordering change
 * nothing.
 */
export const DEFAULT_SOURCE = 'default';
export const MAX_REPORTS = 1000;
export const REPORT_FIELDS = ['appId', 'date', 'dau', 'source'] as const;
/** Far above any real app; ten sources at this figure still fit the INTEGER day total. */
export const MAX_DAU = 200_000_000;
export const MAX_USAGE_RANGE_DAYS = 366;

const DATE_MESSAGE = `date must be a calendar date YYYY-MM-DD from ${FIRST_DATE} to ${LAST_DATE}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface DauReport {
  appId: string;
  date: string;
  dau: number;
  source: string;
}

export interface ReportError {
  field: string;
  message: string;
}

/** Each report's own fault, if any: the fields are checked here, the app and the day by the caller. */
export function checkReports(raws: readonly unknown[], today: string): (DauReport | ReportError)[] {
  // A batch carries few distinct dates: parse each once.
  const dates = new Map<string, ReportError | null>();
  const checkDate = (date: string): ReportError | null => {
    let fault = dates.get(date);
    if (fault === undefined) {
      if (!isValidDate(date)) fault = { field: 'date', message: DATE_MESSAGE };
      else if (date > today)
        fault = { field: 'date', message: `date ${date} is in the future (today is ${today} in the billing time zone)` };
      else fault = null;
      dates.set(date, fault);
    }
    return fault;
  };
  return raws.map((raw) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { field: 'report', message: 'a report must be an object' };
    const { appId, date, dau, source } = raw as Record<string, unknown>;
    if (typeof appId !== 'string' || !UUID.test(appId)) return { field: 'appId', message: 'appId must be an app id (a UUID)' };
    if (typeof date !== 'string') return { field: 'date', message: DATE_MESSAGE };
    const dateFault = checkDate(date);
    if (dateFault) return dateFault;
    if (typeof dau !== 'number' || !Number.isInteger(dau) || dau < 0 || dau > MAX_DAU) {
      return { field: 'dau', message: `dau must be a whole number from 0 to ${MAX_DAU}` };
    }
    if (source !== undefined && (typeof source !== 'string' || source.length < 1 || source.length > 64 || hasControlCharacter(source))) {
      return { field: 'source', message: 'source must be a string of 1 to 64 characters, without control characters' };
    }
    return { appId: appId.toLowerCase(), date, dau, source: source ?? DEFAULT_SOURCE };
  });
}

/**
 * The request envelope: `{reports: [...]}` with at most 1000 reports and no
 * unknown field anywhere. Only a bad envelope fails the whole request.
 */
export function readEnvelope(body: unknown): unknown[] | ReportError {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { field: 'body', message: 'the body must be {"reports": [...]}' };
  const stray = Object.keys(body).find((field) => field !== 'reports');
  if (stray) return { field: stray, message: `${stray} is not a field of a DAU ingest request` };
  const { reports } = body as { reports?: unknown };
  if (!Array.isArray(reports)) return { field: 'reports', message: 'reports must be an array' };
  if (reports.length > MAX_REPORTS) return { field: 'reports', message: `reports must hold at most ${MAX_REPORTS} reports` };
  for (let index = 0; index < reports.length; index += 1) {
    const report = reports[index];
    if (!report || typeof report !== 'object') continue;
    const unknown = Object.keys(report).find((field) => !(REPORT_FIELDS as readonly string[]).includes(field));
    if (unknown) return { field: `reports.${index}.${unknown}`, message: `reports.${index}.${unknown} is not a field of a DAU report` };
  }
  return reports;
}

export type ReportStatus = 'accepted' | 'unchanged' | ErrorCode;

export interface ReportResult {
  appId: unknown;
  date: unknown;
  status: ReportStatus;
  field?: string;
  message?: string;
}

/**
 * The first day a trial app still takes reports for at `now`: a trial day
 * closes at 00:00 in the billing zone, after a grace for reports in flight
 * (SPEC.md 3), because the trial's decisions are taken on closed days.
 */
export function trialOpenFrom(now: Date, tz: string, graceSeconds: number): string {
  return billingDate(new Date(now.getTime() - graceSeconds * 1000), tz);
}

/** Which days are closed to reports: settled days for every app, and for trial apps every day before `trialOpenFrom`. */
export interface ClosedDays {
  closedThrough: string | null;
  trialOpenFrom: string;
}

/**
 * Why a well-formed report is not written: its app is unknown or destroyed,
 * or its day is settled, or closed for a trial app. The ingest statement
 * applies the same guard.
 */
export function refusal(
  report: DauReport,
  app: { state: AppState; plan: Plan; accountId?: string; region?: string } | undefined,
  closed: ClosedDays,
  scope: IngestScope | null = null,
): Pick<ReportResult, 'status' | 'message'> | null {
  // Another account's app is answered as a missing one: a scoped key learns nothing of it.
  if (!app || (scope?.accountId && app.accountId !== scope.accountId))
    return { status: 'NOT_FOUND', message: `app ${report.appId} not found` };
  if (scope?.regions && !scope.regions.includes(app.region ?? '')) {
    return { status: 'FORBIDDEN', message: `this key reports for ${scope.regions.join(', ')} only; app ${report.appId} is elsewhere` };
  }
  if (app.state === 'destroyed') return { status: 'INVALID_STATE', message: `app ${report.appId} is destroyed` };
  const { closedThrough } = closed;
  if (closedThrough && report.date <= closedThrough) {
    return { status: 'DAY_CLOSED', message: `${report.date} is settled and closed to DAU reports (closed through ${closedThrough})` };
  }
  if (app.plan === 'trial' && report.date < closed.trialOpenFrom) {
    return {
      status: 'DAY_CLOSED',
      message: `${report.date} closed at 00:00 for trial app ${report.appId}: its trial decisions are taken on closed days`,
    };
  }
  return null;
}

/** The account and regions an ingest key is limited to (null: not limited). */
export interface IngestScope {
  accountId: string | null;
  regions: string[] | null;
}

export function isReportError(checked: DauReport | ReportError): checked is ReportError {
  return 'field' in checked;
}

export function snapshotKey(report: { appId: string; date: string; source: string }): string {
  return `${report.appId}|${report.date}|${report.source}`;
}

/** One snapshot per (app, day, source): the highest of the batch, as the database keeps the highest ever. */
export function highestPerSnapshot(reports: readonly DauReport[]): DauReport[] {
  const highest = new Map<string, DauReport>();
  for (const report of reports) {
    const key = snapshotKey(report);
    const seen = highest.get(key);
    if (!seen || report.dau > seen.dau) highest.set(key, report);
  }
  return [...highest.values()];
}

/** The range of GET /v1/apps/:id/usage: `to` defaults to today, `from` to 30 days before `to`. */
export function usageRange(today: string, from?: string, to?: string): { from: string; to: string } | ReportError {
  if (from !== undefined && !isValidDate(from)) return { field: 'from', message: 'from must be a calendar date YYYY-MM-DD' };
  if (to !== undefined && !isValidDate(to)) return { field: 'to', message: 'to must be a calendar date YYYY-MM-DD' };
  const end = to ?? today;
  const start = from ?? addDays(end, -30);
  if (start > end) return { field: 'from', message: 'from must not be after to' };
  if (daysBetween(start, end) >= MAX_USAGE_RANGE_DAYS) {
    return { field: 'from', message: `the range may cover at most ${MAX_USAGE_RANGE_DAYS} days` };
  }
  return { from: start, to: end };
}

/** The calendar months a range touches, whole: a month's peak is the highest DAU of the whole month. */
export function wholeMonths(range: { from: string; to: string }): { from: string; to: string } {
  const [year, month] = range.to.split('-').map(Number);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { from: `${range.from.slice(0, 7)}-01`, to: `${range.to.slice(0, 7)}-${String(lastDay).padStart(2, '0')}` };
}

export interface DayUsage {
  date: string;
  dau: number;
}

/** Highest daily DAU of each month that has usage, oldest first. */
export function monthlyPeaks(days: readonly DayUsage[]): { month: string; peak: number }[] {
  const peaks = new Map<string, number>();
  for (const { date, dau } of days) {
    const month = date.slice(0, 7);
    peaks.set(month, Math.max(peaks.get(month) ?? 0, dau));
  }
  return [...peaks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, peak]) => ({ month, peak }));
}
