import { requestContext } from '../auth/request-context';
import { Injectable } from '@nestjs/common';
import type { Prisma } from '../../../../generated/prisma/client';
import { dateFromDb, dateToDb } from '../clock/calendar';
import type { Readable } from 'node:stream';
import { money } from '../money/money';
import { Page, PageRequest, pageOf } from '../pagination/pagination';
import { PgPoolService } from '../prisma/pg-pool.service';
import { PrismaService } from '../prisma/prisma.service';
import type { Tx } from '../prisma/transaction';
import type { NewOrder, Order, OrderKind, OrderPayment, OrderPurpose, OrderStatus, ProvisioningStatus } from './order.types';

type Row = Prisma.OrderGetPayload<{ include: { lines: true; payment: true } }>;

const optionalMoney = (value: { toString(): string } | null) => (value === null ? null : money(value.toString()));

function toOrder(row: Row): Order {
  return {
    id: row.id,
    accountId: row.accountId,
    kind: row.kind as OrderKind,
    purpose: row.purpose as OrderPurpose,
    status: row.status as OrderStatus,
    amount: money(row.amount.toString()),
    priceBookVersion: row.priceBookVersion,
    appId: row.appId,
    subscriptionId: row.subscriptionId,
    units: row.units,
    months: row.months,
    serviceStartsOn: row.serviceStartsOn ? dateFromDb(row.serviceStartsOn) : null,
    serviceEndsOn: row.serviceEndsOn ? dateFromDb(row.serviceEndsOn) : null,
    provisioning: row.provisioningStatus
      ? { status: row.provisioningStatus as ProvisioningStatus, attempts: row.provisioningAttempts, error: row.provisioningError }
      : null,
    refundBlocked: row.refundBlockedAt ? { at: row.refundBlockedAt, reason: row.refundBlockReason } : null,
    createdAt: row.createdAt,
    lines: [...row.lines]
      .sort((a, b) => a.lineNo - b.lineNo)
      .map((line) => ({
        lineNo: line.lineNo,
        appId: line.appId,
        description: line.description,
        units: line.units,
        months: line.months,
        unitPrice: optionalMoney(line.unitPrice),
        discount: optionalMoney(line.discount),
        amount: money(line.amount.toString()),
      })),
    payment: row.payment
      ? {
          ledgerTransactionId: row.payment.ledgerTransactionId,
          voucher: money(row.payment.voucher.toString()),
          gift: money(row.payment.gift.toString()),
          cash: money(row.payment.cash.toString()),
          advanced: money(row.payment.advanced.toString()),
          paidAt: row.payment.paidAt,
        }
      : null,
  };
}

const WITH_DETAILS = { lines: true, payment: true } as const;

/** Orders, their lines and payments: financial records, never deleted. */
/** `from`/`to` bound the creation instant (already converted from billing dates by the caller). */
export interface CreatedFilter {
  accountId?: string;
  kind?: OrderKind;
  createdFrom?: Date;
  createdBefore?: Date;
}

@Injectable()
export class OrderRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly pg: PgPoolService,
  ) {}

  async insert(tx: Tx, order: NewOrder): Promise<void> {
    await tx.order.create({
      data: {
        id: order.id,
        accountId: order.accountId,
        kind: order.kind,
        purpose: order.purpose,
        status: order.status,
        amount: order.amount.toFixed(2),
        priceBookVersion: order.priceBookVersion,
        appId: order.appId,
        subscriptionId: order.subscriptionId,
        units: order.units,
        months: order.months,
        serviceStartsOn: order.serviceStartsOn ? dateToDb(order.serviceStartsOn) : null,
        serviceEndsOn: order.serviceEndsOn ? dateToDb(order.serviceEndsOn) : null,
        provisioningStatus: order.provisioningStatus,
        createdAt: order.createdAt,
        actingKeyId: requestContext.actingKeyId(),
        lines: {
          create: order.lines.map((line) => ({
            lineNo: line.lineNo,
            appId: line.appId,
            description: line.description,
            units: line.units,
            months: line.months,
            unitPrice: line.unitPrice?.toString() ?? null,
            discount: line.discount?.toString() ?? null,
            amount: line.amount.toFixed(2),
          })),
        },
      },
    });
  }

  async insertPayment(tx: Tx, orderId: string, payment: OrderPayment): Promise<void> {
    await tx.orderPayment.create({
      data: {
        orderId,
        ledgerTransactionId: payment.ledgerTransactionId,
        voucher: payment.voucher.toFixed(2),
        gift: payment.gift.toFixed(2),
        cash: payment.cash.toFixed(2),
        advanced: payment.advanced.toFixed(2),
        paidAt: payment.paidAt,
      },
    });
  }

  async find(id: string): Promise<Order | null> {
    const row = await this.prisma.order.findUnique({ where: { id }, include: WITH_DETAILS });
    return row ? toOrder(row) : null;
  }

  /** The order as the caller's transaction sees it. */
  async findIn(tx: Tx, id: string): Promise<Order | null> {
    const row = await tx.order.findUnique({ where: { id }, include: WITH_DETAILS });
    return row ? toOrder(row) : null;
  }

  /** Every order of a subscription, oldest first. */
  async listForSubscription(tx: Tx, subscriptionId: string): Promise<Order[]> {
    const rows = await tx.order.findMany({
      where: { subscriptionId },
      include: WITH_DETAILS,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toOrder);
  }

  async markRefunded(tx: Tx, ids: readonly string[]): Promise<void> {
    await tx.order.updateMany({ where: { id: { in: [...ids] }, kind: 'prepaid', status: 'paid' }, data: { status: 'refunded' } });
  }

  /** The first block stands: blocking again changes nothing. */
  async blockRefund(id: string, reason: string, at: Date): Promise<void> {
    await this.prisma.order.updateMany({
      where: { id, kind: 'prepaid', status: 'paid', refundBlockedAt: null },
      data: { refundBlockedAt: at, refundBlockReason: reason },
    });
  }

  /** An attempt starts: counted before the call, so a crash mid-call still shows it. */
  async startProvisioningAttempt(id: string): Promise<void> {
    await this.prisma.order.updateMany({
      where: { id, provisioningStatus: { in: ['pending', 'failed'] } },
      data: { provisioningAttempts: { increment: 1 }, provisioningStatus: 'pending' },
    });
  }

  /** `gaveUp`: the job's last attempt failed; the order shows 'failed' until a later round succeeds. */
  async recordProvisioningFailure(id: string, error: string, gaveUp: boolean): Promise<void> {
    await this.prisma.order.updateMany({
      where: { id, provisioningStatus: 'pending' },
      data: { provisioningError: error.slice(0, 1000), provisioningStatus: gaveUp ? 'failed' : 'pending' },
    });
  }

  /** True for the call that marked it done. */
  async markProvisioned(tx: Tx, id: string): Promise<boolean> {
    const { count } = await tx.order.updateMany({
      where: { id, provisioningStatus: { in: ['pending', 'failed'] } },
      data: { provisioningStatus: 'done', provisioningError: null },
    });
    return count === 1;
  }

  /** Orders whose provisioning has not succeeded yet, oldest first. */
  async openProvisioning(limit: number): Promise<string[]> {
    const rows = await this.prisma.order.findMany({
      where: { provisioningStatus: { in: ['pending', 'failed'] } },
      select: { id: true },
      orderBy: { createdAt: 'asc' },
      take: limit,
    });
    return rows.map((row) => row.id);
  }

  /** Newest first; the cursor is (createdAt, id). */
  async list(filter: CreatedFilter, page: PageRequest): Promise<Page<Order>> {
    const after = page.after as [string, string] | null;
    const at = after ? new Date(after[0]) : null;
    const rows = await this.prisma.order.findMany({
      where: {
        accountId: filter.accountId,
        kind: filter.kind,
        createdAt: { gte: filter.createdFrom, lt: filter.createdBefore },
        ...(at ? { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { gt: after![1] } }] } : {}),
      },
      include: WITH_DETAILS,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: page.limit + 1,
    });
    return pageOf(rows.map(toOrder), page.limit, (order) => [order.createdAt.toISOString(), order.id]);
  }

  /** Every order of the filter, in the order of the list, as rows of text for a CSV export. */
  async stream(filter: CreatedFilter): Promise<Readable> {
    return this.pg.stream(
      `SELECT id, account_id AS "accountId", app_id AS "appId", kind, purpose, status, amount::text AS amount,
              units, months, service_starts_on::text AS "serviceStartsOn", service_ends_on::text AS "serviceEndsOn",
              subscription_id AS "subscriptionId", price_book_version AS "priceBookVersion",
              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"
         FROM orders
        WHERE ($1::uuid IS NULL OR account_id = $1::uuid) AND ($2::text IS NULL OR kind = $2::text)
          AND ($3::timestamptz IS NULL OR created_at >= $3::timestamptz) AND ($4::timestamptz IS NULL OR created_at < $4::timestamptz)
        ORDER BY created_at DESC, id`,
      [filter.accountId ?? null, filter.kind ?? null, filter.createdFrom ?? null, filter.createdBefore ?? null],
    );
  }
}
