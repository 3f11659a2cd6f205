import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { createTransport } from 'nodemailer';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import type { DeliveryWork } from '../delivery.repository';
import type { ChannelReceipt, NoticeChannel } from './channel';

type Transport = ReturnType<typeof createTransport>;

/** Email through the SMTP server of SMTP_URL, from SMTP_FROM. */
@Injectable()
export class EmailChannel implements NoticeChannel, OnModuleDestroy {
  readonly unavailable: string | null;
  private transport: Transport | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.unavailable = config.delivery.smtp ? null : 'email is not configured (SMTP_URL, SMTP_FROM)';
  }

  async send(delivery: DeliveryWork): Promise<ChannelReceipt> {
    const smtp = this.config.delivery.smtp!;
    this.transport ??= createTransport({ url: smtp.url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    try {
      const info = await this.transport.sendMail({
        from: smtp.from,
        to: { name: delivery.recipientName, address: delivery.address },
        subject: delivery.notice.title,
        text: delivery.notice.body,
        // The delivery id as Message-ID: a resend after a crash is recognisably the same message.
        messageId: `<${delivery.id}@push-billing>`,
        headers: { 'X-PushBilling-Notice': delivery.notice.id, 'X-PushBilling-Notice-Type': delivery.notice.type },
      });
      if (info.rejected.length > 0) throw new UnrecoverableError(`the SMTP server refused ${delivery.address}: ${info.response}`);
      return { providerMessageId: info.messageId ?? null };
    } catch (error) {
      // 5xx is the server's final word on this message; anything else (4xx, network) may pass later.
      const code = (error as { responseCode?: number }).responseCode;
      if (code && code >= 500 && code < 600) throw new UnrecoverableError(`SMTP ${code}: ${(error as Error).message}`);
      throw error;
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
