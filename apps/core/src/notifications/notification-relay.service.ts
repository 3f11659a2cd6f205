import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { OutboxRelay, OutboxSource, RelayedJob } from '../outbox/outbox-relay';
import type { Tx } from '../prisma/transaction';
import { DeliveryRepository } from './delivery.repository';
import { deliveryJob } from './notification.jobs';
import { RecipientRepository } from './recipient.repository';
import { planDeliveries, recipientsOf } from './subscription.rules';

/** A pending delivery older than this has lost its job (Redis lost it, or it was removed). */
export const STALE_DELIVERY_MS = 2 * 60_000;

/**
 * Turns queued notices into delivery rows, one per channel and address, with
 * their jobs: an outbox source of the shared relay, which adds the jobs before
 * the notices' claim commits.
 */
@Injectable()
export class NotificationRelayService implements OutboxSource, OnModuleInit {
  readonly name = 'notices';
  readonly batch = 500;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly recipients: RecipientRepository,
    private readonly outbox: OutboxRelay,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue('notifications') private readonly queue: Queue,
  ) {}

  onModuleInit(): void {
    this.outbox.register(this);
  }

  /** Relays the queued notices now: returns the notices relayed and the deliveries created. */
  async relay(): Promise<{ notices: number; deliveries: number }> {
    const { claimed, jobs } = await this.outbox.drain(this);
    // Their jobs are in the job outbox now: the relay's run takes them on to the queues.
    this.outbox.kick();
    return { notices: claimed, deliveries: jobs };
  }

  /** The tick's part: jobs for pending deliveries whose job was lost (a duplicate job id is a no-op). */
  async requeueStale(): Promise<number> {
    const ids = await this.deliveries.pendingSince(new Date(this.clock.now().getTime() - STALE_DELIVERY_MS), 1000);
    if (ids.length) await this.queue.addBulk(ids.map((id) => deliveryJob('notice', id, this.config.delivery)));
    return ids.length;
  }

  pending(): Promise<boolean> {
    return this.deliveries.noticesQueued();
  }

  async claim(tx: Tx, limit: number): Promise<{ claimed: number; jobs: RelayedJob[] }> {
    const notices = await this.deliveries.claimQueued(tx, limit);
    if (notices.length === 0) return { claimed: 0, jobs: [] };
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
    return { claimed: notices.length, jobs: created.map((id) => deliveryJob('notice', id, this.config.delivery)) };
  }
}
