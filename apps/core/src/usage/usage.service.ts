import { Inject, Injectable } from '@nestjs/common';
import { addDays, billingDate, startOfBillingDay } from '../clock/calendar';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../errors/domain-error';
import { IdempotencyService, ReplayableAnswer } from '../idempotency/idempotency.service';
import { isOverTrialLimit } from '../lifecycle/trial.rules';
import { QuotaService } from '../quota/quota.service';
import { requestContext } from '../auth/request-context';
import { IngestBatcher } from './ingest-batcher';
import { TrialSuspensions } from './trial-suspensions';
import { IngestOutcome, MAX_SOURCES_PER_DAY, UsageRepository, WritableReport } from './usage.repository';
import {
  DauReport,
  DayUsage,
  IngestScope,
  ReportResult,
  checkReports,
  highestPerSnapshot,
  isReportError,
  monthlyPeaks,
  refusal,
  snapshotKey,
  trialOpenFrom,
  usageRange,
  wholeMonths,
} from './usage.rules';

/** Resending a lost first snapshot succeeds at once unless another request keeps winning; this bounds it. */
const MAX_RESENDS = 3;

export interface AppUsage {
  days: DayUsage[];
  monthlyPeaks: { month: string; peak: number }[];
}

@Injectable()
export class UsageService {
  private billingDay: { date: string; start: Date; end: Date } | null = null;

  constructor(
    private readonly usage: UsageRepository,
    private readonly batcher: IngestBatcher,
    private readonly suspensions: TrialSuspensions,
    private readonly quota: QuotaService,
    private readonly idempotency: IdempotencyService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Ingests a batch of DAU reports; every report gets its own result, in
   * request order. The reports are written by one statement (shared with the
   * requests that arrive meanwhile, see IngestBatcher); a trial app whose
   * DAU for today it took over the limit is then suspended (should the process
   * die in between, the hourly sweep does it).
   */
  async ingest(raw: readonly unknown[]): Promise<ReportResult[]> {
    const now = this.clock.now();
    const today = this.today(now);
    const checked = checkReports(raw, today);
    const actor = requestContext.actor();
    const scope: IngestScope | null = actor?.accountId || actor?.regions ? { accountId: actor.accountId, regions: actor.regions } : null;
    const wellFormed = checked.filter((report): report is DauReport => !isReportError(report));
    const openFrom = trialOpenFrom(now, this.config.billingTz, this.config.trialDayGraceSeconds);
    const outcome = wellFormed.length ? await this.write(this.scoped(highestPerSnapshot(wellFormed), scope), now, openFrom) : null;
    const apps = new Map((outcome?.apps ?? []).map((app) => [app.id, app]));
    const raised = new Map((outcome?.raised ?? []).map((report) => [snapshotKey(report), report.dau]));
    const crowded = new Set((outcome?.crowded ?? []).map(snapshotKey));

    const overLimit = (outcome?.days ?? [])
      .filter((day) => day.date === today && isOverTrialLimit(day.dau))
      .filter((day) => apps.get(day.appId)?.plan === 'trial' && apps.get(day.appId)?.state === 'trial')
      .map((day) => day.appId);
    if (overLimit.length) await this.suspensions.suspend(overLimit, today, now);
    // Prepaid apps whose DAU for today grew: throttled over their quota (the hourly prepaid sweep catches a missed one).
    const prepaid = (outcome?.days ?? [])
      .filter((day) => day.date === today && apps.get(day.appId)?.plan === 'prepaid')
      .map((day) => day.appId);
    if (prepaid.length) await this.quota.enforce(today, now, prepaid);

    return checked.map((report, index) => {
      if (isReportError(report)) {
        const given = (raw[index] ?? {}) as Record<string, unknown>;
        return { appId: given.appId, date: given.date, status: 'VALIDATION_FAILED', field: report.field, message: report.message };
      }
      const closed = { closedThrough: outcome?.closedThrough ?? null, trialOpenFrom: outcome?.trialOpenFrom ?? openFrom };
      const refused = refusal(report, apps.get(report.appId), closed, scope);
      if (refused) return { appId: report.appId, date: report.date, ...refused };
      if (crowded.has(snapshotKey(report))) {
        return {
          appId: report.appId,
          date: report.date,
          status: 'TOO_MANY_SOURCES',
          message: `app ${report.appId} already has ${MAX_SOURCES_PER_DAY} sources on ${report.date}`,
        };
      }
      const accepted = raised.get(snapshotKey(report)) === report.dau;
      return { appId: report.appId, date: report.date, status: accepted ? 'accepted' : 'unchanged' };
    });
  }

  /** The statement writes no report outside its key's scope (requests of several keys share it). */
  private scoped(reports: DauReport[], scope: IngestScope | null): WritableReport[] {
    if (!scope) return reports;
    const scopeRegions = scope.regions?.join(',') ?? null;
    return reports.map((report) => ({ ...report, scopeAccount: scope.accountId, scopeRegions }));
  }

  /** Writes the reports, sending again the first snapshots that lost a race to another request's insert. */
  private async write(reports: WritableReport[], now: Date, openFrom: string): Promise<IngestOutcome> {
    const outcome = await this.batcher.write(reports, now, openFrom);
    for (let attempt = 1; outcome.lost.length; attempt += 1) {
      if (attempt > MAX_RESENDS) throw new Error(`${outcome.lost.length} DAU snapshots kept losing insert races`);
      const again = await this.batcher.write(outcome.lost, now, openFrom);
      outcome.raised.push(...again.raised);
      outcome.days.push(...again.days);
      outcome.crowded.push(...again.crowded);
      outcome.lost = again.lost;
    }
    return outcome;
  }

  /** Today's billing date; the time-zone arithmetic is redone only when the clock leaves the day (it costs more than a small ingest). */
  private today(now: Date): string {
    if (!this.billingDay || now < this.billingDay.start || now >= this.billingDay.end) {
      const date = billingDate(now, this.config.billingTz);
      const tz = this.config.billingTz;
      this.billingDay = { date, start: startOfBillingDay(date, tz), end: startOfBillingDay(addDays(date, 1), tz) };
    }
    return this.billingDay.date;
  }

  /**
   * An operator's correction of an open day (ops, admin): billing uses the
   * corrected figure. It changes what a day is billed, so it is a money write
   * (SPEC.md 15): under the client's Idempotency-Key, a retry answers the first
   * correction again instead of recording a second one.
   */
  async correct(
    appId: string,
    correction: { date: string; dau: number; reason: string },
    idempotencyKey: string,
  ): Promise<ReplayableAnswer<{ appId: string; date: string; dau: number; previousDau: number | null }>> {
    const now = this.clock.now();
    if (correction.date > this.today(now)) throw DomainError.validation('date', 'date must not be in the future');
    return this.idempotency.run(`usage/correction:${appId}`, idempotencyKey, correction, async (tx) => {
      const result = await this.usage.correct({ appId, ...correction, actingKeyId: requestContext.actingKeyId() }, now, tx);
      if (!result.found) throw DomainError.notFound('app', appId);
      if (result.dau === null) {
        throw new DomainError('DAY_CLOSED', `${correction.date} is settled and closed (closed through ${result.closedThrough})`, {
          field: 'date',
        });
      }
      return { status: 201, body: { appId, date: correction.date, dau: result.dau, previousDau: result.previous } };
    });
  }

  async appUsage(appId: string, query: { from?: string; to?: string }): Promise<AppUsage> {
    const range = usageRange(this.today(this.clock.now()), query.from, query.to);
    if ('field' in range) throw DomainError.validation(range.field, range.message);
    if (!(await this.usage.find(appId))) throw DomainError.notFound('app', appId);
    const months = await this.usage.days(appId, wholeMonths(range).from, wholeMonths(range).to);
    return {
      days: months.filter((day) => day.date >= range.from && day.date <= range.to),
      monthlyPeaks: monthlyPeaks(months),
    };
  }
}
