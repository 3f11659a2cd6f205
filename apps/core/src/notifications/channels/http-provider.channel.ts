import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import type { DeliveryWork } from '../delivery.repository';
import type { ChannelReceipt, NoticeChannel } from './channel';
import { postSigned } from './signed-post';

/**
 * SMS, WeChat and voice through one HTTP provider endpoint (NOTIFY_HTTP_URL):
 * a signed JSON POST per message; a 2xx answer is the provider's confirmation.
 */
@Injectable()
export class HttpProviderChannel implements NoticeChannel {
  readonly unavailable: string | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.unavailable = config.delivery.http ? null : 'SMS, WeChat and voice are not configured (NOTIFY_HTTP_URL, NOTIFY_HTTP_SECRET)';
  }

  async send(delivery: DeliveryWork): Promise<ChannelReceipt> {
    const { url, secret } = this.config.delivery.http!;
    const { notice } = delivery;
    const answer = await postSigned(
      url,
      secret,
      {
        deliveryId: delivery.id,
        channel: delivery.channel,
        to: delivery.address,
        recipientName: delivery.recipientName,
        notice: {
          id: notice.id,
          type: notice.type,
          accountId: notice.accountId,
          appId: notice.appId,
          day: notice.day,
          title: notice.title,
          body: notice.body,
          payload: notice.payload,
        },
      },
      // The provider can drop a resend of the same delivery (after a crash between send and record).
      { 'idempotency-key': delivery.id },
      this.config.security.outboundAllowPrivate,
    );
    return { providerMessageId: providerId(answer.body) };
  }
}

/** The provider's message id, when its answer is JSON with an `id`. */
function providerId(body: string): string | null {
  try {
    const id = (JSON.parse(body) as { id?: unknown }).id;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
  } catch {
    return null;
  }
}
