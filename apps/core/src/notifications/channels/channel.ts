import type { DeliveryWork } from '../delivery.repository';

export interface ChannelReceipt {
  /** The id the provider gave the message, when it gives one. */
  providerMessageId: string | null;
}

/** One way of reaching a person. `send` resolves only once the provider confirmed it took the message. */
export interface NoticeChannel {
  /** Why this channel cannot send (its settings are absent); null when it can. */
  readonly unavailable: string | null;
  send(delivery: DeliveryWork): Promise<ChannelReceipt>;
}
