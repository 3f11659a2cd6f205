import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { addDays, billingDate } from '../clock/calendar';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { NotificationDispatcher } from '../notifications/notification-dispatcher';
import { NoticeService } from '../notifications/notice.service';
import { UnitOfWork } from '../prisma/unit-of-work';
import type { Tx } from '../prisma/transaction';
import { jobId } from '../queue/queues';
import { AppStateRepository, TransitionedApp } from './app-state.repository';
import { TrialRepository } from './trial.repository';
import { TRIAL_MAX_DAU, decideSuspendedTrial, latestDecidableSuspension } from './trial.rules';
import { JOBS } from '../queue/jobs';

/** Apps per chunk job and per transaction. */
const CHUNK_APPS = 500;

export interface TrialChunkOutcome {
  restored: string[];
  destroyed: string[];
}

/**
 * The free-trial lifecycle (SPEC.md 3): suspension over the DAU limit (by
 * ingest at once, by the hourly sweep for anything missed), and the daily
 * run at 00:00 that restores or destroys suspended trial apps.
 */
@Injectable()
export class TrialLifecycleService {
  private readonly logger = new Logger(TrialLifecycleService.name);

  constructor(
    private readonly trials: TrialRepository,
    private readonly states: AppStateRepository,
    private readonly notices: NoticeService,
    private readonly dispatcher: NotificationDispatcher,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue('lifecycle') private readonly queue: Queue,
  ) {}

  /** Suspends the running trial apps among `appIds` for going over the limit on `day`, with a trial-cutoff notice each. */
  async suspend(tx: Tx, appIds: readonly string[], day: string, at: Date): Promise<TransitionedApp[]> {
    const suspended = await this.states.transition(
      tx,
      appIds,
      { from: ['trial'], plans: ['trial'], trialCheckedOn: day, to: 'suspended', reason: 'trial_over_limit', trialSuspendedOn: day },
      at,
    );
    await this.notices.raiseMany(
      tx,
      suspended.map((app) => ({
        accountId: app.accountId,
        appId: app.id,
        type: 'trial_cutoff' as const,
        resourceKey: app.id,
        day,
        title: 'Free trial suspended: over 1,000 DAU',
        body: `The app's DAU on ${day} went over the free trial's ${TRIAL_MAX_DAU}. Pushing is off; buy a plan to restore it, or it is restored after a day at or under ${TRIAL_MAX_DAU} DAU. Without one by ${addDays(day, 7)} it is destroyed.`,
        payload: { suspendedOn: day, destroyOn: addDays(day, 8) },
      })),
      at,
    );
    return suspended;
  }

  /** Suspends the running trial apps (all, or those among `appIds`) already over the limit on `day`; a chunk at most. */
  async enforceLimit(tx: Tx, day: string, at: Date, appIds: readonly string[] | null = null): Promise<TransitionedApp[]> {
    const over = await this.trials.overLimitTrialApps(tx, day, CHUNK_APPS, appIds);
    return this.suspend(
      tx,
      over.map((app) => app.id),
      day,
      at,
    );
  }

  /** The hourly tick: sweeps the billing day the tick belongs to. */
  async enqueueSweep(scheduledFor: Date): Promise<string> {
    const day = billingDate(scheduledFor, this.config.billingTz);
    await this.queue.add(JOBS.lifecycle.trialSweep, { day }, { jobId: jobId('trial-sweep', scheduledFor.getTime()) });
    return day;
  }

  /**
   * Catches trial apps over the limit today that ingest did not suspend, a page
   * per transaction. A sweep delivered after its day ended does nothing: the
   * rule is about the current day, an app restored since must not be suspended
   * again for an old day, and the next hourly sweep covers today.
   */
  async sweep(day: string): Promise<number> {
    if (day !== billingDate(this.clock.now(), this.config.billingTz)) return 0;
    let total = 0;
    for (;;) {
      const page = await this.uow.run((tx) => this.enforceLimit(tx, day, this.clock.now()));
      total += page.length;
      if (page.length < CHUNK_APPS) break;
    }
    if (total) {
      this.logger.log({ msg: 'trial sweep suspended apps', day, apps: total });
      await this.dispatcher.kick();
    }
    return total;
  }

  /** The 00:00 tick: decides on the day that just ended (a late tick decides on everything ended so far). */
  async enqueueDaily(scheduledFor: Date): Promise<string> {
    const lastEndedDay = addDays(billingDate(scheduledFor, this.config.billingTz), -1);
    await this.queue.add(JOBS.lifecycle.trialDay, { lastEndedDay }, { jobId: jobId('trial-day', lastEndedDay) });
    return lastEndedDay;
  }

  /** Splits the suspended trial apps with something to decide into chunk jobs. */
  async planDay(lastEndedDay: string): Promise<number> {
    const chunks = this.chunks(await this.trials.suspendedTrialIds(latestDecidableSuspension(lastEndedDay)));
    await this.queue.addBulk(
      chunks.map((appIds) => ({
        name: JOBS.lifecycle.trialChunk,
        data: { lastEndedDay, appIds },
        opts: { jobId: jobId('trial-chunk', lastEndedDay, appIds[0]) },
      })),
    );
    return chunks.length;
  }

  /** The same decisions as the jobs, in this process (operators' catch-up, tests). */
  async runDay(lastEndedDay: string): Promise<TrialChunkOutcome> {
    const outcome: TrialChunkOutcome = { restored: [], destroyed: [] };
    for (const appIds of this.chunks(await this.trials.suspendedTrialIds(latestDecidableSuspension(lastEndedDay)))) {
      const chunk = await this.decideChunk(lastEndedDay, appIds);
      outcome.restored.push(...chunk.restored);
      outcome.destroyed.push(...chunk.destroyed);
    }
    return outcome;
  }

  /**
   * One chunk in one transaction. Every move is guarded by the state it leaves,
   * so running a chunk again (a retry, a second worker) changes nothing.
   */
  async decideChunk(lastEndedDay: string, appIds: readonly string[]): Promise<TrialChunkOutcome> {
    const at = this.clock.now();
    const today = billingDate(at, this.config.billingTz);
    const outcome = await this.uow.run(async (tx) => {
      const restore: string[] = [];
      const destroy: string[] = [];
      for (const app of await this.trials.suspendedTrials(tx, appIds)) {
        const decision = decideSuspendedTrial(app.suspendedOn, lastEndedDay, app.dauByDay);
        if (decision.action === 'restore') restore.push(app.id);
        if (decision.action === 'destroy') destroy.push(app.id);
      }
      const restored = await this.states.transition(
        tx,
        restore,
        {
          from: ['suspended'],
          plans: ['trial'],
          suspensionReasons: ['trial_over_limit'],
          to: 'trial',
          reason: 'trial_restored',
          trialSuspendedOn: null,
        },
        at,
      );
      const destroyed = await this.states.transition(
        tx,
        destroy,
        { from: ['suspended'], plans: ['trial'], suspensionReasons: ['trial_over_limit'], to: 'destroyed', reason: 'trial_expired' },
        at,
      );
      await this.notices.raiseMany(
        tx,
        destroyed.map((app) => ({
          accountId: app.accountId,
          appId: app.id,
          type: 'destruction_notice' as const,
          resourceKey: app.id,
          day: today,
          title: 'App destroyed: free trial over its limit',
          body: `The app stayed over the free trial's ${TRIAL_MAX_DAU} DAU for the seven days after its suspension and has been destroyed; its devices, bindings, tags and push history are deleted.`,
          payload: { reason: 'trial_expired' },
        })),
        at,
      );
      return { restored: restored.map((app) => app.id), destroyed: destroyed.map((app) => app.id) };
    });
    if (outcome.restored.length || outcome.destroyed.length) {
      this.logger.log({ msg: 'trial decisions', lastEndedDay, restored: outcome.restored.length, destroyed: outcome.destroyed.length });
      await this.dispatcher.kick();
    }
    return outcome;
  }

  private chunks(ids: string[]): string[][] {
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += CHUNK_APPS) chunks.push(ids.slice(i, i + CHUNK_APPS));
    return chunks;
  }
}
