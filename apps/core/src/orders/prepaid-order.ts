import type Decimal from 'decimal.js';
import type { NewOrder } from './order.types';

/** A prepaid order about to be paid: a purchase, a renewal or an upgrade of one subscription. */
export interface PrepaidOrderDraft {
  id: string;
  accountId: string;
  appId: string;
  subscriptionId: string;
  purpose: 'purchase' | 'renewal' | 'upgrade';
  amount: Decimal;
  priceBookVersion: string;
  units: number;
  /** Null for an upgrade: it buys units, not time. */
  months: number | null;
  serviceStartsOn: string;
  serviceEndsOn: string;
  /** A purchase is provisioned by a job; renewals and upgrades run on what is deployed. */
  needsProvisioning: boolean;
  createdAt: Date;
  line: { description: string; unitPrice: Decimal | null; discount: Decimal | null };
}

/** The order of a prepaid draft: paid at once, one line for the subscription's app. */
export function prepaidOrder(draft: PrepaidOrderDraft): NewOrder {
  return {
    id: draft.id,
    accountId: draft.accountId,
    kind: 'prepaid',
    purpose: draft.purpose,
    status: 'paid',
    amount: draft.amount,
    priceBookVersion: draft.priceBookVersion,
    appId: draft.appId,
    subscriptionId: draft.subscriptionId,
    units: draft.units,
    months: draft.months,
    serviceStartsOn: draft.serviceStartsOn,
    serviceEndsOn: draft.serviceEndsOn,
    provisioningStatus: draft.needsProvisioning ? 'pending' : null,
    createdAt: draft.createdAt,
    lines: [
      {
        lineNo: 1,
        appId: draft.appId,
        description: draft.line.description,
        units: draft.units,
        months: draft.months,
        unitPrice: draft.line.unitPrice,
        discount: draft.line.discount,
        amount: draft.amount,
      },
    ],
  };
}
