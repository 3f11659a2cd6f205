import { formatMoney } from '../money/money';
import type { NoticeInput } from '../notifications/notification.types';
import type { RefundRecord } from './refund.types';

export function refundDone(refund: RefundRecord, appId: string, day: string): NoticeInput {
  return {
    accountId: refund.accountId,
    appId,
    type: 'refund_done',
    resourceKey: refund.id,
    day,
    title: 'Your refund is done',
    body: `${formatMoney(refund.amount)} CNY came back to the wallet (${formatMoney(refund.cash)} cash, ${formatMoney(refund.gift)} gift credit) for order ${refund.orderId}; vouchers are not refunded. App ${appId} is suspended.`,
    payload: { refundId: refund.id, orderId: refund.orderId, type: refund.type, amount: formatMoney(refund.amount) },
  };
}
