import { Inject, Injectable } from '@nestjs/common';
import { AccountService } from '../accounts/account.service';
import { ApplicationsService } from '../applications/applications.service';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { LedgerHistoryService } from '../ledger/ledger-history.service';
import { MAX_PAGE_LIMIT } from '../pagination/pagination';
import { OrderService } from '../orders/order.service';
import { BillService } from '../settlement/bill.service';
import { StatementSigner } from './statement-signer.service';
import { orderIdsOf, StatementJson, StatementOrder, statementJson, statementPeriod } from './statement.rules';

export type SignedStatement = StatementJson & { jws: string };

/** Monthly statements (SPEC.md 12.1): the ledger of a billing month, signed. */
@Injectable()
export class StatementService {
  constructor(
    private readonly accounts: AccountService,
    private readonly apps: ApplicationsService,
    private readonly ledger: LedgerHistoryService,
    private readonly bills: BillService,
    private readonly orders: OrderService,
    private readonly signer: StatementSigner,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A month that has begun (`YYYY-MM`, billing time zone); the current one runs to now and is `provisional`. */
  async statement(accountId: string, month: string): Promise<SignedStatement> {
    const tz = this.config.billingTz;
    const period = statementPeriod(month, this.clock.now(), tz);
    const account = await this.accounts.get(accountId);
    const history = await this.ledger.between(accountId, period.start, period.end);
    const [bills, orders, appNames] = await Promise.all([
      this.bills.settledBetween(accountId, period.start, period.end),
      this.ordersNamed(orderIdsOf(history.movements)),
      this.appNames(accountId),
    ]);
    const document = statementJson({ account, period, history, bills, orders, appNames, tz });
    return { ...document, jws: await this.signer.sign(document) };
  }

  private async ordersNamed(ids: string[]): Promise<Map<string, StatementOrder>> {
    const orders = await Promise.all(ids.map((id) => this.orders.get(id)));
    return new Map(orders.map((order) => [order.id, order]));
  }

  /** Every app of the account, destroyed ones included, a page at a time. */
  private async appNames(accountId: string): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    let cursor: string | null = null;
    do {
      const page = await this.apps.search({ accountId }, { limit: MAX_PAGE_LIMIT, after: cursor === null ? null : [cursor] });
      for (const app of page.items) names.set(app.id, app.name);
      cursor = page.nextCursor === null ? null : page.items[page.items.length - 1].id;
    } while (cursor !== null);
    return names;
  }
}
