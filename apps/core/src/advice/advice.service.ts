import { Inject, Injectable } from '@nestjs/common';
import { ApplicationsService } from '../applications/applications.service';
import { addDays, billingDate, daysBetween } from '../clock/calendar';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../errors/domain-error';
import type { Region } from '../pricing/price-book';
import { PriceBookService } from '../pricing/price-book.service';
import { SubscriptionService } from '../subscriptions/subscription.service';
import { ADVICE_MAX_DAYS, ADVICE_MIN_DAYS, PlanAdvice, PlanChoice, denseSeries, planAdvice } from './advice.rules';
import { AdviceRepository } from './advice.repository';

export interface AppPlanAdvice extends PlanAdvice {
  /** The closed days the series covers. */
  period: { from: string; to: string };
}

/** Plan advice with the price book in force today, for a hypothetical series or an app's own closed days. */
@Injectable()
export class AdviceService {
  constructor(
    private readonly repository: AdviceRepository,
    private readonly apps: ApplicationsService,
    private readonly subscriptions: SubscriptionService,
    private readonly priceBooks: PriceBookService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async forSeries(region: Region, dailyDau: number[], chargedDays = 0): Promise<PlanAdvice> {
    return planAdvice(await this.priceBooks.effectiveOn(), { region, dailyDau, chargedDaysBefore: chargedDays, current: null });
  }

  /** The app's last `days` closed days (from its creation day when younger), priced with its loyalty counter. */
  async forApp(appId: string, days: number): Promise<AppPlanAdvice> {
    if (!Number.isSafeInteger(days) || days < ADVICE_MIN_DAYS || days > ADVICE_MAX_DAYS) {
      throw DomainError.validation('days', `days must be an integer from ${ADVICE_MIN_DAYS} to ${ADVICE_MAX_DAYS}`);
    }
    const app = await this.apps.get(appId);
    const to = addDays(billingDate(this.clock.now(), this.config.billingTz), -1);
    const created = billingDate(app.createdAt, this.config.billingTz);
    const start = addDays(to, 1 - days);
    const from = start > created ? start : created;
    const closed = daysBetween(from, to) + 1;
    if (closed < ADVICE_MIN_DAYS) {
      throw new DomainError(
        'INVALID_STATE',
        `app ${appId} has ${Math.max(closed, 0)} closed day(s); plan advice needs at least ${ADVICE_MIN_DAYS}`,
      );
    }
    const advice = planAdvice(await this.priceBooks.effectiveOn(), {
      region: app.region,
      dailyDau: denseSeries(from, to, await this.repository.days(appId, from, to)),
      chargedDaysBefore: await this.repository.chargedDays(appId),
      current: await this.currentPlan(appId, app.plan),
    });
    return { ...advice, period: { from, to } };
  }

  private async currentPlan(appId: string, plan: string): Promise<PlanChoice> {
    if (plan !== 'prepaid') return { plan: plan as 'trial' | 'payg' | 'charity' };
    const subscription = await this.subscriptions.current(appId);
    // A prepaid app whose subscription has ended is measured against pay-as-you-go.
    return subscription ? { plan: 'prepaid', units: subscription.units, months: subscription.purchasedMonths } : { plan: 'payg' };
  }
}
