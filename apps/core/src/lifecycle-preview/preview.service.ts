import { Inject, Injectable } from '@nestjs/common';
import { addDays, billingDate, daysBetween } from '../clock/calendar';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../errors/domain-error';
import { TRIAL_RECOVERY_DAYS } from '../lifecycle/trial.rules';
import { PriceBookService } from '../pricing/price-book.service';
import { PreviewRepository } from './preview.repository';
import { PreviewEvent, previewLifecycle } from './preview.rules';

/** How far ahead a preview may look. */
export const PREVIEW_MAX_DAYS = 366;

export interface PreviewQuery {
  through: string;
  accountId?: string;
  appId?: string;
}

/**
 * Loads one account's data (the whole account even for one app: its apps share
 * the wallet that auto-renewals and bills spend) and replays the calendar on it.
 */
@Injectable()
export class PreviewService {
  constructor(
    private readonly repository: PreviewRepository,
    private readonly priceBooks: PriceBookService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async preview(query: PreviewQuery): Promise<PreviewEvent[]> {
    const now = this.clock.now();
    const today = billingDate(now, this.config.billingTz);
    if (query.through < today || daysBetween(today, query.through) > PREVIEW_MAX_DAYS) {
      throw DomainError.validation('through', `through must be a day from today (${today}) to ${PREVIEW_MAX_DAYS} days ahead`);
    }
    const accountId = await this.accountOf(query);
    const account = await this.repository.account(accountId);
    if (!account) throw DomainError.notFound('account', accountId);
    const apps = await this.repository.apps(accountId);
    // The oldest day a rule may still read: a trial suspension's recovery days, or an unsettled or throttled day.
    const suspensions = apps.map((a) => a.trialSuspendedOn).filter((d): d is string => d !== null);
    const from = [addDays(today, -TRIAL_RECOVERY_DAYS - 3), ...suspensions].sort()[0];
    const dau = new Map<string, Map<string, number>>();
    for (const row of await this.repository.dau(accountId, from)) {
      if (!dau.has(row.appId)) dau.set(row.appId, new Map());
      dau.get(row.appId)!.set(row.date, row.dau);
    }
    const events = previewLifecycle(
      {
        book: await this.priceBooks.effectiveOn(today),
        accounts: [account],
        apps,
        subscriptions: await this.repository.subscriptions(accountId),
        dau,
        settledThrough: await this.repository.settledThrough(),
      },
      now,
      query.through,
      this.config.billingTz,
    );
    return query.appId ? events.filter((e) => e.appId === query.appId) : events;
  }

  private async accountOf(query: PreviewQuery): Promise<string> {
    if (!query.appId) {
      if (!query.accountId) throw DomainError.validation('accountId', 'accountId or appId is required');
      return query.accountId;
    }
    const accountId = await this.repository.accountOfApp(query.appId);
    if (!accountId || (query.accountId && query.accountId !== accountId)) throw DomainError.notFound('app', query.appId);
    return accountId;
  }
}
