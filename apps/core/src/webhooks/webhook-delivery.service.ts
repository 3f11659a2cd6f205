import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { Queue, UnrecoverableError } from 'bullmq';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { postSigned, refusalStatus } from '../notifications/channels/signed-post';
import { deliveryJob } from '../notifications/notification.jobs';
import { NotificationDispatcher } from '../notifications/notification-dispatcher';
import { STALE_DELIVERY_MS } from '../notifications/notification-relay.service';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import type { WebhookDeliveryView } from './webhook.types';

const BATCH = 1000;
const BATCHES_PER_RUN = 20;

/** Relays outbox events into webhook deliveries and sends them, signed. */
@Injectable()
export class WebhookDeliveryService {
  constructor(
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly dispatcher: NotificationDispatcher,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue('webhooks') private readonly queue: Queue,
  ) {}

  /** The relay job's webhook half: returns the events relayed and the deliveries created. */
  async relay(): Promise<{ events: number; deliveries: number }> {
    let events = 0;
    let deliveries = 0;
    for (let batch = 0; batch < BATCHES_PER_RUN; batch += 1) {
      const { claimed, created } = await this.deliveries.relay(BATCH, this.clock.now());
      // After the commit: a crash before the jobs are added leaves pending rows for requeueStale.
      await this.enqueue(created);
      events += claimed;
      deliveries += created.length;
      if (claimed < BATCH) return { events, deliveries };
    }
    await this.dispatcher.kick();
    return { events, deliveries };
  }

  async requeueStale(): Promise<number> {
    const ids = await this.deliveries.pendingSince(new Date(this.clock.now().getTime() - STALE_DELIVERY_MS), 1000);
    await this.enqueue(ids);
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

  private async enqueue(deliveryIds: string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.queue.addBulk(deliveryIds.map((id) => deliveryJob('webhook', id, this.config.delivery)));
  }
}
