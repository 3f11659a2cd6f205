import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Queue, UnrecoverableError } from 'bullmq';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { postSigned, refusalStatus } from '../notifications/channels/signed-post';
import { deliveryJob } from '../notifications/notification.jobs';
import { STALE_DELIVERY_MS } from '../notifications/notification-relay.service';
import { OutboxRelay, OutboxSource, RelayedJob } from '../outbox/outbox-relay';
import type { Tx } from '../prisma/transaction';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import type { WebhookDeliveryView } from './webhook.types';

/**
 * Relays outbox events into webhook deliveries (an outbox source of the shared
 * relay, which adds their jobs before the events' claim commits) and sends them, signed.
 */
@Injectable()
export class WebhookDeliveryService implements OutboxSource, OnModuleInit {
  readonly name = 'webhook-events';
  readonly batch = 1000;

  constructor(
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly outbox: OutboxRelay,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue('webhooks') private readonly queue: Queue,
  ) {}

  onModuleInit(): void {
    this.outbox.register(this);
  }

  /** Relays the undispatched events now: returns the events relayed and the deliveries created. */
  async relay(): Promise<{ events: number; deliveries: number }> {
    const { claimed, jobs } = await this.outbox.drain(this);
    // Their jobs are in the job outbox now: the relay's run takes them on to the queues.
    this.outbox.kick();
    return { events: claimed, deliveries: jobs };
  }

  async claim(tx: Tx, limit: number): Promise<{ claimed: number; jobs: RelayedJob[] }> {
    const { claimed, created } = await this.deliveries.relay(tx, limit, this.clock.now());
    return { claimed, jobs: created.map((id) => deliveryJob('webhook', id, this.config.delivery)) };
  }

  pending(): Promise<boolean> {
    return this.deliveries.eventsUndispatched();
  }

  /** The tick's part: jobs for pending deliveries whose job was lost (a duplicate job id is a no-op). */
  async requeueStale(): Promise<number> {
    const ids = await this.deliveries.pendingSince(new Date(this.clock.now().getTime() - STALE_DELIVERY_MS), 1000);
    if (ids.length) await this.queue.addBulk(ids.map((id) => deliveryJob('webhook', id, this.config.delivery)));
    return ids.length;
  }

  /**
   * The deliver job: one signed POST. A non-2xx answer or no answer is recorded
   * and rethrown for BullMQ to retry with backoff; the last attempt, a
   * permanent refusal (4xx) or a disabled endpoint marks it failed.
   */
  async deliver(deliveryId: string, lastAttempt: boolean): Promise<WebhookDeliveryView['status'] | 'unknown'> {
    const work = await this.deliveries.work(deliveryId);
    if (!work) return 'unknown';
    if (work.status !== 'pending') return work.status;
    if (!work.endpoint.enabled) {
      await this.deliveries.markAttemptFailed(deliveryId, 'the endpoint is disabled', null, true, this.clock.now());
      return 'failed';
    }
    const { event } = work;
    let status: number;
    try {
      ({ status } = await postSigned(
        work.endpoint.url,
        work.endpoint.secret,
        { id: event.id, type: event.type, occurredAt: event.occurredAt.toISOString(), data: event.payload },
        { 'x-pushbilling-event': event.type, 'x-pushbilling-delivery': deliveryId },
        this.config.security.outboundAllowPrivate,
      ));
    } catch (error) {
      const final = lastAttempt || error instanceof UnrecoverableError;
      await this.deliveries.markAttemptFailed(deliveryId, (error as Error).message, refusalStatus(error), final, this.clock.now());
      throw error;
    }
    await this.deliveries.markSent(deliveryId, status, this.clock.now());
    return 'sent';
  }
}
