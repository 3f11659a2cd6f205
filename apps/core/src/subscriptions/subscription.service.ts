import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { DomainError } from '../errors/domain-error';
import { SubscriptionRepository } from './subscription.repository';
import type { Subscription } from './subscription.types';

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
