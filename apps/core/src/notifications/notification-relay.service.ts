import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import type { Tx } from '../prisma/transaction';
import { DeliveryRepository } from './delivery.repository';
import { deliveryJob } from './notification.jobs';
import { NotificationDispatcher } from './notification-dispatcher';
import { RecipientRepository } from './recipient.repository';
import { planDeliveries, recipientsOf } from './subscription.rules';

/** Notices per transaction, and transactions per run before the run hands over to a fresh one. */
const BATCH = 500;
const BATCHES_PER_RUN = 20;
/** A pending delivery older than this has lost its job (a crash between commit and enqueue). */
export const STALE_DELIVERY_MS = 2 * 60_000;

/** Turns queued notices into delivery rows, one per channel and address, and enqueues their jobs. */
@Injectable()
export class NotificationRelayService {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly recipients: RecipientRepository,
    private readonly dispatcher: NotificationDispatcher,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue('notifications') private readonly queue: Queue,
  ) {}

  /** The relay job: returns the notices relayed and the deliveries created. */
  async relay(): Promise<{ notices: number; deliveries: number }> {
    let notices = 0;
    let deliveries = 0;
    for (let batch = 0; batch < BATCHES_PER_RUN; batch += 1) {
      const result = await this.deliveries.transaction((tx) => this.relayBatch(tx));
      // After the commit: a crash before the jobs are added leaves pending rows for requeueStale.
      await this.enqueue(result.created);
      notices += result.claimed;
      deliveries += result.created.length;
      if (result.claimed < BATCH) return { notices, deliveries };
    }
    await this.dispatcher.kick();
    return { notices, deliveries };
  }

  /** The tick's part: jobs for pending deliveries whose job was lost (a duplicate job id is a no-op). */
  async requeueStale(): Promise<number> {
    const ids = await this.deliveries.pendingSince(new Date(this.clock.now().getTime() - STALE_DELIVERY_MS), 1000);
    await this.enqueue(ids);
    return ids.length;
  }

  private async relayBatch(tx: Tx): Promise<{ claimed: number; created: string[] }> {
    const notices = await this.deliveries.claimQueued(tx, BATCH);
    if (notices.length === 0) return { claimed: 0, created: [] };
    const accountIds = [...new Set(notices.map((n) => n.accountId))];
    const configured = await this.recipients.listForAccounts(tx, accountIds);
    const overrides = await this.recipients.overridesForAccounts(tx, accountIds);
    const contacts = await this.recipients.accountContacts(tx, accountIds);
    const planned = notices.flatMap((notice) =>
      planDeliveries(
        notice,
        recipientsOf(configured.get(notice.accountId) ?? [], contacts.get(notice.accountId)!),
        overrides.get(notice.accountId) ?? [],
      ),
    );
    const created = await this.deliveries.insert(
      tx,
      planned,
      planned.map(() => randomUUID()),
      this.clock.now(),
    );
    return { claimed: notices.length, created };
  }

  private async enqueue(deliveryIds: string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.queue.addBulk(deliveryIds.map((id) => deliveryJob('notice', id, this.config.delivery)));
  }
}
