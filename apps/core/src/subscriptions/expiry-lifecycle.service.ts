import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { ApplicationsService } from '../applications/applications.service';
import { billingDate } from '../clock/calendar';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { AppStateService } from '../lifecycle/app-state.service';
import { destructionNotice, suspensionNotice } from '../lifecycle/app.notices';
import { NotificationDispatcher } from '../notifications/notification-dispatcher';
import { NoticeService } from '../notifications/notice.service';
import type { NoticeInput } from '../notifications/notification.types';
import { UnitOfWork } from '../prisma/unit-of-work';
import type { Tx } from '../prisma/transaction';
import { jobId } from '../queue/queues';
import { ExpiryRepository } from './expiry.repository';
import { expiryWindows } from './expiry.rules';
import { ExpiringPlan, expiryNotice, expiryReminder } from './prepaid.notices';
import { ProvisioningService } from './provisioning.service';
import { QuotaService } from '../quota/quota.service';
import { AutoRenewal, RenewalService } from './renewal.service';
import { SubscriptionRepository } from './subscription.repository';
import { JOBS } from '../queue/jobs';

/** Subscriptions per page (and per transaction) of a step. */
const PAGE = 500;

export interface ExpiryOutcome {
  autoRenewed: string[];
  grace: string[];
  suspended: string[];
  destroyed: string[];
  reminded: number;
  noticed: number;
  unthrottled: string[];
}

/**
 * The prepaid expiry lifecycle of SPEC.md 6, run once a day at 00:00 of the
 * billing time zone for the new day: auto-renewal or grace at E, suspension at
 * E+8, destruction at E+15, then the day's reminders (E-7..E-1) and expiry
 * notices (E..E+7). Every move is a guarded, set-based update of the due
 * subscriptions' apps, so a second run, a late run or two workers at once
 * change nothing twice; notices are once per type, app and day.
 */
@Injectable()
export class ExpiryLifecycleService {
  private readonly logger = new Logger(ExpiryLifecycleService.name);

  constructor(
    private readonly expiries: ExpiryRepository,
    private readonly subscriptions: SubscriptionRepository,
    private readonly apps: ApplicationsService,
    private readonly states: AppStateService,
    private readonly renewals: RenewalService,
    private readonly quota: QuotaService,
    private readonly provisioning: ProvisioningService,
    private readonly notices: NoticeService,
    private readonly dispatcher: NotificationDispatcher,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue('prepaid') private readonly queue: Queue,
  ) {}

  /** The 00:00 tick: the day it starts (a late tick stands for the latest day due). */
  async enqueueDay(scheduledFor: Date): Promise<string> {
    const day = billingDate(scheduledFor, this.config.billingTz);
    await this.queue.add(JOBS.prepaid.day, { day }, { jobId: jobId('prepaid-day', day) });
    return day;
  }

  /** The hourly tick: the safety nets of over-quota throttling and provisioning. */
  async enqueueSweep(scheduledFor: Date): Promise<void> {
    await this.queue.add(
      JOBS.prepaid.sweep,
      { day: billingDate(scheduledFor, this.config.billingTz) },
      { jobId: jobId('prepaid-sweep', scheduledFor.getTime()) },
    );
  }

  /** Over quota today but missed by ingest; provisioning lost or given up. */
  async sweep(day: string): Promise<{ overQuota: number; provisioning: number }> {
    const today = billingDate(this.clock.now(), this.config.billingTz);
    // A sweep delivered after its day ended leaves the old day alone: the next one covers today.
    const overQuota = day === today ? await this.quota.enforce(day, this.clock.now()) : 0;
    return { overQuota, provisioning: await this.provisioning.sweep() };
  }

  async runDay(day: string): Promise<ExpiryOutcome> {
    const windows = expiryWindows(day);
    const at = this.clock.now();
    const outcome: ExpiryOutcome = {
      autoRenewed: await this.autoRenewals(day),
      grace: await this.moveAll(
        (tx) => this.expiries.lockExpired(tx, windows.expiredBy, PAGE),
        (tx, plans) => this.startGrace(tx, plans, day, at),
      ),
      suspended: await this.moveAll(
        (tx) => this.expiries.lockGraceOver(tx, windows.suspendBy, PAGE),
        (tx, plans) => this.suspend(tx, plans, day, at),
      ),
      destroyed: await this.moveAll(
        (tx) => this.expiries.lockSuspensionOver(tx, windows.destroyBy, PAGE),
        (tx, plans) => this.destroy(tx, plans, day, at),
      ),
      reminded: await this.noticeAll(
        (afterId) => this.expiries.expiringBetween(windows.remindFrom, windows.remindTo, afterId, PAGE),
        (plan) => expiryReminder(plan, day),
        at,
      ),
      noticed: await this.noticeAll(
        (afterId) => this.expiries.inGraceBetween(windows.noticeFrom, windows.expiredBy, afterId, PAGE),
        (plan) => expiryNotice(plan, day),
        at,
      ),
      unthrottled: (await this.quota.startDay(day, at)).lifted,
    };
    await this.dispatcher.kick();
    const { autoRenewed, grace, suspended, destroyed, reminded, noticed } = outcome;
    if (autoRenewed.length + grace.length + suspended.length + destroyed.length + reminded + noticed) {
      this.logger.log({
        msg: 'prepaid expiry day',
        day,
        autoRenewed: autoRenewed.length,
        grace: grace.length,
        suspended: suspended.length,
        destroyed: destroyed.length,
        reminded,
        noticed,
      });
    }
    return outcome;
  }

  /**
   * Auto-renewing subscriptions at E, one transaction each (each pays from
   * its own wallet): renewed, or the app goes to grace in the same transaction.
   */
  private async autoRenewals(day: string): Promise<string[]> {
    const renewed: string[] = [];
    for (let afterId: string | null = null; ;) {
      const page: ExpiringPlan[] = await this.expiries.dueForAutoRenewal(day, afterId, PAGE);
      for (const plan of page) {
        const outcome = await this.uow.run((tx) => this.expireWithAutoRenewal(tx, plan.subscriptionId, day));
        if (outcome === 'renewed' || outcome === 'advanced') renewed.push(plan.subscriptionId);
      }
      if (page.length < PAGE) return renewed;
      afterId = page[page.length - 1].subscriptionId;
    }
  }

  private async expireWithAutoRenewal(tx: Tx, subscriptionId: string, day: string): Promise<AutoRenewal | 'skipped'> {
    const subscription = await this.subscriptions.lock(tx, subscriptionId);
    if (!subscription || subscription.status !== 'active' || !subscription.autoRenew || subscription.expiresOn > day) return 'skipped';
    const app = (await this.apps.findIn(tx, subscription.appId))!;
    if (app.state !== 'active' && app.state !== 'deploying') return 'skipped';
    const outcome = await this.renewals.autoRenewIn(tx, subscription, app, day);
    if (outcome === 'not_covered' || outcome === 'not_on_sale') {
      const { id, appId, accountId, expiresOn, autoRenew } = subscription;
      await this.startGrace(tx, [{ subscriptionId: id, appId, accountId, expiresOn, autoRenew }], day, this.clock.now());
    }
    return outcome;
  }

  /** A late run past E+7 moves the app on without an expiry notice: its notice days are over. */
  private async startGrace(tx: Tx, plans: ExpiringPlan[], day: string, at: Date): Promise<string[]> {
    const moved = await this.states.transition(
      tx,
      plans.map((p) => p.appId),
      { from: ['active', 'deploying'], plans: ['prepaid'], to: 'grace', reason: 'plan_expired' },
      at,
    );
    const ids = new Set(moved.map((app) => app.id));
    const noticeFrom = expiryWindows(day).noticeFrom;
    await this.notices.raiseMany(
      tx,
      plans.filter((p) => ids.has(p.appId) && p.expiresOn >= noticeFrom).map((p) => expiryNotice(p, day)),
      at,
    );
    return [...ids];
  }

  private async suspend(tx: Tx, plans: ExpiringPlan[], day: string, at: Date): Promise<string[]> {
    const moved = await this.states.transition(
      tx,
      plans.map((p) => p.appId),
      { from: ['grace'], plans: ['prepaid'], to: 'suspended', reason: 'expired' },
      at,
    );
    await this.notices.raiseMany(
      tx,
      moved.map((app) => suspensionNotice(app, 'expired', day)),
      at,
    );
    return moved.map((app) => app.id);
  }

  /** The app is destroyed and its subscription ended; its orders and payments stay. */
  private async destroy(tx: Tx, plans: ExpiringPlan[], day: string, at: Date): Promise<string[]> {
    const moved = await this.states.transition(
      tx,
      plans.map((p) => p.appId),
      { from: ['suspended'], plans: ['prepaid'], suspensionReasons: ['expired'], to: 'destroyed', reason: 'expired' },
      at,
    );
    const ids = new Set(moved.map((app) => app.id));
    await this.subscriptions.close(
      tx,
      plans.filter((p) => ids.has(p.appId)).map((p) => p.subscriptionId),
      'ended',
      at,
    );
    await this.notices.raiseMany(
      tx,
      moved.map((app) => destructionNotice(app, 'expired', day)),
      at,
    );
    return [...ids];
  }

  /** Pages of locked due subscriptions until none is left; each move takes its page out of the due set. */
  private async moveAll(
    select: (tx: Tx) => Promise<ExpiringPlan[]>,
    move: (tx: Tx, plans: ExpiringPlan[]) => Promise<string[]>,
  ): Promise<string[]> {
    const all: string[] = [];
    for (;;) {
      const { selected, moved } = await this.uow.run(async (tx) => {
        const plans = await select(tx);
        return { selected: plans.length, moved: plans.length ? await move(tx, plans) : [] };
      });
      all.push(...moved);
      if (selected < PAGE || moved.length === 0) return all;
    }
  }

  private async noticeAll(
    select: (afterId: string | null) => Promise<ExpiringPlan[]>,
    notice: (plan: ExpiringPlan) => NoticeInput,
    at: Date,
  ): Promise<number> {
    let raised = 0;
    for (let afterId: string | null = null; ;) {
      const page: ExpiringPlan[] = await select(afterId);
      raised += await this.uow.run((tx) => this.notices.raiseMany(tx, page.map(notice), at));
      if (page.length < PAGE) return raised;
      afterId = page[page.length - 1].subscriptionId;
    }
  }
}
