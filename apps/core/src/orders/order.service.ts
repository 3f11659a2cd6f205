import { Inject, Injectable } from '@nestjs/common';
import { addDays, startOfBillingDay } from '../clock/calendar';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../errors/domain-error';
import { OrderRepository } from './order.repository';
import type { Order, OrderFilter } from './order.types';

const LIST_LIMIT = 500;

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

  /** Newest first; `from`/`to` are billing dates, both included. */
  async list(filter: OrderFilter): Promise<Order[]> {
    const tz = this.config.billingTz;
    return this.orders.list(
      {
        accountId: filter.accountId,
        kind: filter.kind,
        createdFrom: filter.from ? startOfBillingDay(filter.from, tz) : undefined,
        createdBefore: filter.to ? startOfBillingDay(addDays(filter.to, 1), tz) : undefined,
      },
      LIST_LIMIT,
    );
  }
}
