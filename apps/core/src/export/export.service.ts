import { Injectable } from '@nestjs/common';
import type { Application } from '../applications/application.types';
import { ApplicationsService } from '../applications/applications.service';
import { Clock } from '../clock/clock';
import type { Order } from '../orders/order.types';
import { OrderService } from '../orders/order.service';
import { EXPORT_PAGE, ExportRepository, ExportedBill, ExportedDay, ExportedNotice, ExportedStateChange } from './export.repository';

export interface AppExport {
  exportedAt: Date;
  app: Application;
  usage: AsyncIterable<ExportedDay>;
  bills: AsyncIterable<ExportedBill>;
  orders: AsyncIterable<Order>;
  stateChanges: AsyncIterable<ExportedStateChange>;
  notices: AsyncIterable<ExportedNotice>;
}

/** Reads page after page until a short page: memory stays at one page whatever the app's age. */
async function* paged<T>(read: (last: T | null) => Promise<T[]>): AsyncGenerator<T> {
  let last: T | null = null;
  for (;;) {
    const page = await read(last);
    yield* page;
    if (page.length < EXPORT_PAGE) return;
    last = page[page.length - 1];
  }
}

/**
 * An app's records as one document (SPEC.md 17), destroyed apps included: the
 * app is looked up first (an unknown app is a 404 before anything is sent),
 * then each section is read lazily as the caller streams it.
 */
@Injectable()
export class ExportService {
  constructor(
    private readonly repository: ExportRepository,
    private readonly apps: ApplicationsService,
    private readonly orders: OrderService,
    private readonly clock: Clock,
  ) {}

  async open(appId: string): Promise<AppExport> {
    const app = await this.apps.get(appId);
    const { repository, orders } = this;
    return {
      exportedAt: this.clock.now(),
      app,
      usage: paged((last) => repository.usage(appId, last?.date ?? null)),
      bills: paged((last) => repository.bills(appId, last?.date ?? null)),
      stateChanges: paged((last) => repository.stateChanges(appId, last?.id ?? null)),
      notices: paged((last) => repository.notices(appId, last && { createdAt: last.createdAt, id: last.id })),
      orders: (async function* () {
        for (const id of await repository.orderIds(app.accountId, appId)) yield (await orders.find(id))!;
      })(),
    };
  }
}
