import type { NotificationType } from './notification.types';

/** Channels a notice is delivered on besides in-site (the notice row itself, always there). */
export const CHANNELS = ['email', 'sms', 'wechat', 'voice'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The account's creator, its resource (app) collaborators and its finance collaborators. */
export const RECIPIENT_ROLES = ['creator', 'resource', 'finance'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'skipped';

export interface Recipient {
  /** Null for the creator the account itself stands for (no creator configured). */
  id: string | null;
  role: RecipientRole;
  name: string;
  email: string | null;
  phone: string | null;
  wechatId: string | null;
}

/** A recipient as a client sends it (the id is the service's). */
export type RecipientInput = Omit<Recipient, 'id'>;

export interface SubscriptionOverride {
  role: RecipientRole;
  type: NotificationType;
  channels: Channel[];
}

/** A notice to relay, with what the relay needs of its account. */
export interface RelayedNotice {
  id: string;
  accountId: string;
  type: NotificationType;
}

/** One delivery to create: a notice, a channel, an address. */
export interface PlannedDelivery {
  notificationId: string;
  channel: Channel;
  address: string;
  recipientId: string | null;
  recipientRole: RecipientRole;
  recipientName: string;
}

/** One delivery of a notice on one channel to one recipient. */
export interface DeliveryRecord {
  id: string;
  notificationId: string;
  channel: Channel;
  address: string;
  recipientId: string | null;
  recipientRole: RecipientRole;
  recipientName: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  providerMessageId: string | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
}
