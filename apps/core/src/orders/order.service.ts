import { Inject, Injectable } from '@nestjs/common';
import { addDays, startOfBillingDay } from '../clock/calendar';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../errors/domain-error';
import type { Readable } from 'node:stream';
import { Page, PageRequest } from '../pagination/pagination';
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
