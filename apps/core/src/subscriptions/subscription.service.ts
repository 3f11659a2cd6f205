import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { DomainError } from '../errors/domain-error';
import type { Tx } from '../prisma/transaction';
import { SubscriptionRepository } from './subscription.repository';
import type { Subscription, SubscriptionStatus } from './subscription.types';

@Injectable()
export class SubscriptionService {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly clock: Clock,
  ) {}

  async get(id: string): Promise<Subscription> {
    const subscription = await this.subscriptions.find(id);
    if (!subscription) throw DomainError.notFound('subscription', id);
    return subscription;
  }

  /** The subscription as the caller's transaction sees it, or null. */
  findIn(tx: Tx, id: string): Promise<Subscription | null> {
    return this.subscriptions.findIn(tx, id);
  }

  /** Row-locks the subscription for the caller's transaction: the changes of one subscription run one at a time. */
  lock(tx: Tx, id: string): Promise<Subscription | null> {
    return this.subscriptions.lock(tx, id);
  }

  /** Ends running subscriptions in the caller's transaction; the others are left alone. */
  close(tx: Tx, ids: readonly string[], status: Exclude<SubscriptionStatus, 'active'>, at: Date): Promise<number> {
    return this.subscriptions.close(tx, ids, status, at);
  }

  /** The app's running prepaid subscription, or null. */
  async current(appId: string): Promise<Subscription | null> {
    return this.subscriptions.findActive(appId);
  }

  /** Only a running subscription can change its auto-renewal; setting the same value again is a no-op. */
  async setAutoRenew(id: string, autoRenew: boolean): Promise<Subscription> {
    const updated = await this.subscriptions.setAutoRenew(id, autoRenew, this.clock.now());
    if (updated) return updated;
    const subscription = await this.get(id);
    throw new DomainError('INVALID_STATE', `subscription ${id} is ${subscription.status}`);
  }
}
