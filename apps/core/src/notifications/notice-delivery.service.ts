import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { Clock } from '../clock/clock';
import { DomainError } from '../errors/domain-error';
import type { Page, PageRequest } from '../pagination/pagination';
import type { NoticeChannel } from './channels/channel';
import { EmailChannel } from './channels/email.channel';
import { HttpProviderChannel } from './channels/http-provider.channel';
import { DeliveryRepository } from './delivery.repository';
import type { DeliveryRecord } from './delivery.types';
import type { Channel, DeliveryStatus } from './delivery.types';

/** Sends one delivery row through its channel and records the outcome. */
@Injectable()
export class NoticeDeliveryService {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly email: EmailChannel,
    private readonly http: HttpProviderChannel,
    private readonly clock: Clock,
  ) {}

  /**
   * The deliver job. A delivery already settled (sent, failed, skipped) is left
   * alone. A channel failure is recorded and rethrown so BullMQ retries with
   * backoff; on the last attempt (`lastAttempt`) or a permanent refusal the
   * delivery is marked failed. 'sent' is written only after the channel confirmed.
   */
  async deliver(deliveryId: string, lastAttempt: boolean): Promise<DeliveryStatus | 'unknown'> {
    const work = await this.deliveries.work(deliveryId);
    if (!work) return 'unknown';
    if (work.status !== 'pending') return work.status;
    const channel = this.channelFor(work.channel);
    if (channel.unavailable) {
      await this.deliveries.markSkipped(deliveryId, channel.unavailable, this.clock.now());
      return 'skipped';
    }
    let providerMessageId: string | null;
    try {
      ({ providerMessageId } = await channel.send(work));
    } catch (error) {
      const final = lastAttempt || error instanceof UnrecoverableError;
      await this.deliveries.markAttemptFailed(deliveryId, (error as Error).message, final, this.clock.now());
      throw error;
    }
    await this.deliveries.markSent(deliveryId, providerMessageId, this.clock.now());
    return 'sent';
  }

  async listForNotice(notificationId: string, page: PageRequest): Promise<Page<DeliveryRecord>> {
    if (!(await this.deliveries.noticeExists(notificationId))) throw DomainError.notFound('notification', notificationId);
    return this.deliveries.listForNotice(notificationId, page);
  }

  private channelFor(channel: Channel): NoticeChannel {
    return channel === 'email' ? this.email : this.http;
  }
}
