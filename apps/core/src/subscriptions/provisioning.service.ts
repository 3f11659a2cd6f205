import { outboundPost } from '../outbound/outbound-client';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { billingDate } from '../clock/calendar';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { AppStateService } from '../lifecycle/app-state.service';
import { NotificationDispatcher } from '../notifications/notification-dispatcher';
import { NoticeService } from '../notifications/notice.service';
import { OrderService } from '../orders/order.service';
import type { Order } from '../orders/order.types';
import { JobOutbox } from '../outbox/job-outbox';
import type { RelayedJob } from '../outbox/outbox-relay';
import type { Tx } from '../prisma/transaction';
import { UnitOfWork } from '../prisma/unit-of-work';
import { jobId } from '../queue/queues';
import { deploymentDone } from './prepaid.notices';
import { JOBS } from '../queue/jobs';

const CALL_TIMEOUT_MS = 10_000;
/** Orders re-enqueued per sweep. */
const SWEEP_LIMIT = 500;

export type ProvisioningOutcome = 'provisioned' | 'already_done' | 'no_such_order';

/**
 * Provisioning of a prepaid purchase (SPEC.md 4): the app waits in
 * `deploying` until a job has made the push service ready for it, then goes
 * `active` with a deployment-done notice. The job calls PROVISIONING_URL when
 * set; a failure is recorded on the order (attempts, error) and retried with
 * backoff; after its last attempt the order shows 'failed' and the hourly
 * sweep starts another round, until it succeeds.
 */
@Injectable()
export class ProvisioningService {
  constructor(
    private readonly orders: OrderService,
    private readonly states: AppStateService,
    private readonly notices: NoticeService,
    private readonly dispatcher: NotificationDispatcher,
    private readonly uow: UnitOfWork,
    private readonly outbox: JobOutbox,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue('prepaid') private readonly queue: Queue,
  ) {}

  /**
   * In the purchase's transaction: the provisioning job is written to the job
   * outbox, so it reaches the queue once the purchase commits, whatever Redis
   * says at that moment. Kick the relay after the commit.
   */
  async enqueueIn(tx: Tx, orderId: string): Promise<void> {
    await this.outbox.add(tx, [this.job(orderId)]);
  }

  /** One attempt. `lastAttempt`: the job will not retry after this one. Throws on failure, so that BullMQ retries. */
  async provision(orderId: string, lastAttempt: boolean): Promise<ProvisioningOutcome> {
    const order = await this.orders.find(orderId);
    if (!order || !order.appId) return 'no_such_order';
    if (order.provisioning?.status === 'done') return 'already_done';
    await this.orders.startProvisioningAttempt(orderId);
    try {
      await this.call(order);
    } catch (error) {
      await this.orders.recordProvisioningFailure(orderId, (error as Error).message, lastAttempt);
      throw error;
    }
    const at = this.clock.now();
    const moved = await this.uow.run(async (tx) => {
      if (!(await this.orders.markProvisioned(tx, orderId))) return [];
      // An app refunded (suspended) meanwhile stays as it is.
      const apps = await this.states.transition(
        tx,
        [order.appId!],
        { from: ['deploying'], plans: ['prepaid'], to: 'active', reason: 'provisioned' },
        at,
      );
      const day = billingDate(at, this.config.billingTz);
      await this.notices.raiseMany(
        tx,
        apps.map((app) => deploymentDone({ id: orderId, accountId: app.accountId, appId: app.id }, day)),
        at,
      );
      return apps;
    });
    if (moved.length) await this.dispatcher.kick();
    return 'provisioned';
  }

  /**
   * The hourly safety net: enqueues provisioning whose job was lost (adding
   * an existing job id is a no-op) and gives a job that gave up another round.
   */
  async sweep(): Promise<number> {
    let started = 0;
    for (const orderId of await this.orders.openProvisioning(SWEEP_LIMIT)) {
      const job = await this.queue.getJob(jobId('provision', orderId));
      if (!job) {
        await this.add(orderId);
        started += 1;
      } else if (await job.isFailed()) {
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        started += 1;
      }
    }
    return started;
  }

  private async add(orderId: string): Promise<void> {
    const { name, data, opts } = this.job(orderId);
    await this.queue.add(name, data, opts);
  }

  private job(orderId: string): RelayedJob {
    const { attempts, backoffMs } = this.config.provisioning;
    return {
      queue: 'prepaid',
      name: JOBS.prepaid.provision,
      data: { orderId },
      opts: { jobId: jobId('provision', orderId), attempts, backoff: { type: 'exponential', delay: backoffMs } },
    };
  }

  /** The provisioner must treat the order id as an idempotency key: a retry after a lost answer repeats the call. */
  private async call(order: Order): Promise<void> {
    const url = this.config.provisioning.url;
    if (!url) return;
    const body = JSON.stringify({ orderId: order.id, accountId: order.accountId, appId: order.appId, units: order.units });
    const response = await outboundPost(
      url,
      body,
      { 'content-type': 'application/json', 'idempotency-key': order.id },
      {
        timeoutMs: CALL_TIMEOUT_MS,
        allowPrivate: this.config.security.outboundAllowPrivate,
      },
    );
    if (response.status < 200 || response.status >= 300) throw new Error(`provisioning answered HTTP ${response.status}`);
  }
}
