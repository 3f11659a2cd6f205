import type { Region } from '../pricing/price-book';

export type SubscriptionStatus = 'active' | 'ended' | 'refunded';

/** A prepaid plan of one app: paid through the day before `expiresOn` (E of SPEC.md 6). */
export interface Subscription {
  id: string;
  accountId: string;
  appId: string;
  region: Region;
  units: number;
  /** The duration bought first: its discount column prices upgrades (SPEC.md 5). */
  purchasedMonths: number;
  startsOn: string;
  /** E: the first day not paid for. */
  expiresOn: string;
  autoRenew: boolean;
  status: SubscriptionStatus;
  createdAt: Date;
  updatedAt: Date;
}

export type NewSubscription = Omit<Subscription, 'status' | 'updatedAt'>;
