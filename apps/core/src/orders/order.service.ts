import { Inject, Injectable } from '@nestjs/common';
import { addDays, startOfBillingDay } from '../clock/calendar';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../errors/domain-error';
import type { Readable } from 'node:stream';
import { Page, PageRequest } from '../pagination/pagination';
import type { Tx } from '../prisma/transaction';
import { CreatedFilter, OrderRepository } from './order.repository';
import type { Order, OrderFilter } from './order.types';

@Injectable()
export class OrderService {
  constructor(
    private readonly orders: OrderRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(id: string): Promise<Order> {
    const order = await this.orders.find(id);
    if (!order) throw DomainError.notFound('order', id);
    return order;
  }

  /** The order as committed, or null. */
  find(id: string): Promise<Order | null> {
    return this.orders.find(id);
  }

  /** The order as the caller's transaction sees it, or null. */
  findIn(tx: Tx, id: string): Promise<Order | null> {
    return this.orders.findIn(tx, id);
  }

  /** Every order of a subscription, oldest first. */
  listForSubscription(tx: Tx, subscriptionId: string): Promise<Order[]> {
    return this.orders.listForSubscription(tx, subscriptionId);
  }

  /** Paid prepaid orders given back by a refund. */
  markRefunded(tx: Tx, ids: readonly string[]): Promise<void> {
    return this.orders.markRefunded(tx, ids);
  }

  /** The first block stands: blocking again changes nothing. */
  blockRefund(id: string, reason: string, at: Date): Promise<void> {
    return this.orders.blockRefund(id, reason, at);
  }

  /** An attempt starts: counted before the call, so a crash mid-call still shows it. */
  startProvisioningAttempt(id: string): Promise<void> {
    return this.orders.startProvisioningAttempt(id);
  }

  /** `gaveUp`: the job's last attempt failed; the order shows 'failed' until a later round succeeds. */
  recordProvisioningFailure(id: string, error: string, gaveUp: boolean): Promise<void> {
    return this.orders.recordProvisioningFailure(id, error, gaveUp);
  }

  /** True for the call that marked it done. */
  markProvisioned(tx: Tx, id: string): Promise<boolean> {
    return this.orders.markProvisioned(tx, id);
  }

  /** Orders whose provisioning has not succeeded yet, oldest first. */
  openProvisioning(limit: number): Promise<string[]> {
    return this.orders.openProvisioning(limit);
  }

  /** Newest first, a page at a time; `from`/`to` are billing dates, both included. */
  async list(filter: OrderFilter, page: PageRequest): Promise<Page<Order>> {
    return this.orders.list(this.created(filter), page);
  }

  /** Every order of the filter, for a CSV export. */
  async stream(filter: OrderFilter): Promise<Readable> {
    return this.orders.stream(this.created(filter));
  }

  private created(filter: OrderFilter): CreatedFilter {
    const tz = this.config.billingTz;
    return {
      accountId: filter.accountId,
      kind: filter.kind,
      createdFrom: filter.from ? startOfBillingDay(filter.from, tz) : undefined,
      createdBefore: filter.to ? startOfBillingDay(addDays(filter.to, 1), tz) : undefined,
    };
  }
}
