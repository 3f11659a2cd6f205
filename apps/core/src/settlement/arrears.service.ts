import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { billingDate } from '../clock/calendar';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { AppStateService } from '../lifecycle/app-state.service';
import { destructionNotice, suspensionNotice } from '../lifecycle/app.notices';
import { NotificationDispatcher } from '../notifications/notification-dispatcher';
import { NoticeService } from '../notifications/notice.service';
import { UnitOfWork } from '../prisma/unit-of-work';
import type { Tx } from '../prisma/transaction';
import { jobId } from '../queue/queues';
import { ArrearsRepository } from './arrears.repository';
import { destroyArrearsSuspendedBefore, suspendArrearsBefore } from './arrears.rules';
import { JOBS } from '../queue/jobs';

export interface ArrearsOutcome {
  suspended: string[];
  destroyed: string[];
  restored: string[];
}

/**
 * The arrears lifecycle of pay-as-you-go apps (SPEC.md 7), driven by the
 * wallet's arrears flag: suspended 24 hours into arrears, destroyed after 7
 * more days, restored when a top-up clears the arrears. Accounts with the
 * never-suspend privilege keep running (and keep being charged).
 */
@Injectable()
export class ArrearsService {
  private readonly logger = new Logger(ArrearsService.name);

  constructor(
    private readonly arrears: ArrearsRepository,
    private readonly states: AppStateService,
    private readonly notices: NoticeService,
    private readonly dispatcher: NotificationDispatcher,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue('settlement') private readonly queue: Queue,
  ) {}

  /** The hourly tick enqueues one sweep per hour (a repeated tick finds it already there). */
  async enqueueSweep(scheduledFor: Date): Promise<void> {
    await this.queue.add(JOBS.settlement.arrearsSweep, {}, { jobId: jobId('arrears-sweep', scheduledFor.getTime()) });
  }

  /** Every step that is due now; each is a guarded transition, so a second run (or worker) changes nothing. */
  async sweep(): Promise<ArrearsOutcome> {
    const now = this.clock.now();
    const day = billingDate(now, this.config.billingTz);
    const outcome = await this.uow.run(async (tx) => {
      const restored = await this.restore(tx, await this.arrears.dueForRestore(tx), now);
      const suspended = await this.states.transition(
        tx,
        await this.arrears.dueForSuspension(tx, suspendArrearsBefore(now)),
        { from: ['active'], plans: ['payg'], to: 'suspended', reason: 'arrears' },
        now,
      );
      await this.notices.raiseMany(
        tx,
        suspended.map((app) => suspensionNotice(app, 'arrears', day)),
        now,
      );
      const destroyed = await this.states.transition(
        tx,
        await this.arrears.dueForDestruction(tx, destroyArrearsSuspendedBefore(now)),
        { from: ['suspended'], plans: ['payg'], suspensionReasons: ['arrears'], to: 'destroyed', reason: 'arrears' },
        now,
      );
      await this.notices.raiseMany(
        tx,
        destroyed.map((app) => destructionNotice(app, 'arrears', day)),
        now,
      );
      return { suspended: suspended.map((a) => a.id), destroyed: destroyed.map((a) => a.id), restored };
    });
    if (outcome.suspended.length + outcome.destroyed.length + outcome.restored.length) {
      this.logger.log({
        msg: 'arrears sweep',
        suspended: outcome.suspended.length,
        destroyed: outcome.destroyed.length,
        restored: outcome.restored.length,
      });
      await this.dispatcher.kick();
    }
    return outcome;
  }

  /** Called in the transaction of a top-up that cleared the account's arrears: its apps run again at once. */
  async restoreAccount(tx: Tx, accountId: string): Promise<string[]> {
    return this.restore(tx, await this.arrears.dueForRestore(tx, accountId), this.clock.now());
  }

  private async restore(tx: Tx, appIds: string[], at: Date): Promise<string[]> {
    const moved = await this.states.transition(
      tx,
      appIds,
      { from: ['suspended'], plans: ['payg'], suspensionReasons: ['arrears'], to: 'active', reason: 'arrears_cleared' },
      at,
    );
    return moved.map((app) => app.id);
  }
}
