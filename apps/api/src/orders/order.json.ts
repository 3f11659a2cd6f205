import { formatMoney } from '../../../core/src/money/money';
import type { Order } from '../../../core/src/orders/order.types';
import type { OrderDto } from './order.response';

export function orderJson(order: Order): OrderDto {
  return {
    id: order.id,
    accountId: order.accountId,
    kind: order.kind,
    purpose: order.purpose,
    status: order.status,
    amount: formatMoney(order.amount),
    priceBookVersion: order.priceBookVersion,
    appId: order.appId,
    subscriptionId: order.subscriptionId,
    units: order.units,
    months: order.months,
    serviceStartsOn: order.serviceStartsOn,
    serviceEndsOn: order.serviceEndsOn,
    provisioning: order.provisioning,
    refundBlocked: order.refundBlocked ? { at: order.refundBlocked.at.toISOString(), reason: order.refundBlocked.reason } : null,
    createdAt: order.createdAt.toISOString(),
    lines: order.lines.map((line) => ({
      lineNo: line.lineNo,
      appId: line.appId,
      description: line.description,
      units: line.units,
      months: line.months,
      unitPrice: line.unitPrice?.toString() ?? null,
      discount: line.discount?.toString() ?? null,
      amount: formatMoney(line.amount),
    })),
    payments: order.payment
      ? [
          {
            ledgerTransactionId: order.payment.ledgerTransactionId,
            voucher: formatMoney(order.payment.voucher),
            gift: formatMoney(order.payment.gift),
            cash: formatMoney(order.payment.cash),
            advanced: formatMoney(order.payment.advanced),
            paidAt: order.payment.paidAt.toISOString(),
          },
        ]
      : [],
  };
}
