import { formatMoney } from '../../../core/src/money/money';
import type { RefundRecord } from '../../../core/src/refunds/refund.types';
import type { Subscription } from '../../../core/src/subscriptions/subscription.types';
import type { RefundResponseDto, PrepaidSubscriptionDto } from './subscription.response';

/** `months` is the duration first bought, whose discount column prices upgrades. */
export function subscriptionJson(subscription: Subscription): PrepaidSubscriptionDto {
  return {
    id: subscription.id,
    accountId: subscription.accountId,
    appId: subscription.appId,
    region: subscription.region,
    units: subscription.units,
    months: subscription.purchasedMonths,
    startsOn: subscription.startsOn,
    expiresOn: subscription.expiresOn,
    autoRenew: subscription.autoRenew,
    status: subscription.status,
  };
}

/** `amount` is what came back to the wallet (cash + gift); the breakdown shows how it was computed. */
export function refundJson(refund: RefundRecord): RefundResponseDto {
  return {
    id: refund.id,
    orderId: refund.orderId,
    accountId: refund.accountId,
    type: refund.type,
    amount: formatMoney(refund.amount),
    cash: formatMoney(refund.cash),
    gift: formatMoney(refund.gift),
    forfeitedVoucher: formatMoney(refund.forfeitedVoucher),
    ledgerTransactionId: refund.ledgerTransactionId,
    breakdown: refund.breakdown,
    createdAt: refund.createdAt.toISOString(),
  };
}
