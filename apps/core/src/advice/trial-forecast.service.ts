import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Application } from '../applications/application.types';
import { addDays, billingDate } from '../clock/calendar';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { TRIAL_MAX_DAU } from '../lifecycle/trial.rules';
import { NotificationDispatcher } from '../notifications/notification-dispatcher';
import { NoticeService } from '../notifications/notice.service';
import type { NoticeInput } from '../notifications/notification.types';
import { UnitOfWork } from '../prisma/unit-of-work';
import { JOBS } from '../queue/jobs';
import { jobId } from '../queue/queues';
import { AdviceRepository, DayDau } from './advice.repository';
import { denseSeries } from './advice.rules';
import { FORECAST_WINDOW_DAYS, TrialForecast, forecastTrialCutoff, isCutoffNear } from './trial-forecast.rules';
import { TrialForecastRepository } from './trial-forecast.repository';

/** Apps per page of the daily run. */
const PAGE = 500;

function forecastNotice(app: { id: string; accountId: string }, forecast: TrialForecast, today: string): NoticeInput {
  const { projectedCutoffDate, basis } = forecast;
  return {
    accountId: app.accountId,
    appId: app.id,
    type: 'trial_cutoff_forecast',
    resourceKey: app.id,
    day: today,
    title: `Free trial: cutoff expected on ${projectedCutoffDate}`,
    body: `Over the ${basis.days} days to ${basis.to} the app's DAU rose by about ${basis.slopePerDay} a day (last: ${basis.latestDau}). At that pace it passes the free trial's ${TRIAL_MAX_DAU} DAU on ${projectedCutoffDate}, and the app is suspended that day. Activate pay-as-you-go or buy a prepaid plan before then to keep pushing.`,
    payload: { ...forecast },
  };
}

/**
 * The trial-cutoff forecast (SPEC.md 17): shown on every running trial app,
 * and, once a day after the trial decisions of 00:00, one notice per approach
 * to the accounts whose projected cutoff is at most 3 days away.
 */
@Injectable()
export class TrialForecastService {
  private readonly logger = new Logger(TrialForecastService.name);

  constructor(
    private readonly forecasts: TrialForecastRepository,
    private readonly usage: AdviceRepository,
    private readonly notices: NoticeService,
    private readonly dispatcher: NotificationDispatcher,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue('lifecycle') private readonly queue: Queue,
  ) {}

  /** Null for an app that is not a running trial. */
  async forApp(app: Application): Promise<TrialForecast | null> {
    if (app.plan !== 'trial' || app.state !== 'trial') return null;
    const lastClosed = addDays(billingDate(this.clock.now(), this.config.billingTz), -1);
    const from = this.windowStart(lastClosed, app.createdAt);
    if (from > lastClosed) return null;
    return forecastTrialCutoff(denseSeries(from, lastClosed, await this.usage.days(app.id, from, lastClosed)), lastClosed);
  }

  /** Enqueued by the 00:00 lifecycle tick, once per day. */
  async enqueueDay(scheduledFor: Date): Promise<string> {
    const today = billingDate(scheduledFor, this.config.billingTz);
    await this.queue.add(JOBS.lifecycle.trialForecast, { today }, { jobId: jobId('trial-forecast', today) });
    return today;
  }

  /**
   * Warns the apps heading over the cap within 3 days, unless already warned
   * on this approach; re-arms those no longer heading over. Safe twice or on
   * two workers: the alert row is claimed by an insert on its key.
   */
  async runDay(today: string): Promise<{ warned: string[]; rearmed: number }> {
    const lastClosed = addDays(today, -1);
    const windowFrom = addDays(lastClosed, 1 - FORECAST_WINDOW_DAYS);
    const at = this.clock.now();
    let rearmed = await this.forecasts.rearmInactive(windowFrom, lastClosed);
    const warned: string[] = [];
    for (let afterId: string | null = null; ;) {
      const page = await this.forecasts.candidates(windowFrom, lastClosed, afterId, PAGE);
      const near: { app: (typeof page)[number]; forecast: TrialForecast }[] = [];
      const quiet: string[] = [];
      for (const app of page) {
        const forecast = this.forecast(app.days, lastClosed, app.createdAt);
        if (isCutoffNear(forecast, today)) near.push({ app, forecast });
        else if (!forecast) quiet.push(app.id);
      }
      rearmed += await this.forecasts.rearm(quiet);
      warned.push(
        ...(await this.uow.run(async (tx) => {
          const claimed = new Set(
            await this.forecasts.claim(
              tx,
              near.map(({ app, forecast }) => ({ appId: app.id, projectedCutoffDate: forecast.projectedCutoffDate })),
              today,
              at,
            ),
          );
          const fresh = near.filter(({ app }) => claimed.has(app.id));
          await this.notices.raiseMany(
            tx,
            fresh.map(({ app, forecast }) => forecastNotice(app, forecast, today)),
            at,
          );
          return fresh.map(({ app }) => app.id);
        })),
      );
      if (page.length < PAGE) break;
      afterId = page[page.length - 1].id;
    }
    if (warned.length) {
      this.logger.log({ msg: 'trial cutoff forecasts', today, warned: warned.length });
      await this.dispatcher.kick();
    }
    return { warned, rearmed };
  }

  private forecast(days: DayDau[], lastClosed: string, createdAt: Date): TrialForecast | null {
    const from = this.windowStart(lastClosed, createdAt);
    return from > lastClosed ? null : forecastTrialCutoff(denseSeries(from, lastClosed, days), lastClosed);
  }

  /** The window's first day, or the app's creation day when it is younger. */
  private windowStart(lastClosed: string, createdAt: Date): string {
    const start = addDays(lastClosed, 1 - FORECAST_WINDOW_DAYS);
    const created = billingDate(createdAt, this.config.billingTz);
    return start > created ? start : created;
  }
}
