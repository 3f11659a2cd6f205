import type Decimal from 'decimal.js';

export type OrderKind = 'prepaid' | 'postpaid';
export type OrderPurpose = 'purchase' | 'renewal' | 'upgrade' | 'activation';
export type OrderStatus = 'paid' | 'refunded' | 'active';
export type ProvisioningStatus = 'pending' | 'done' | 'failed';

export interface OrderLine {
  lineNo: number;
  appId: string;
  description: string;
  units: number | null;
  months: number | null;
  unitPrice: Decimal | null;
  discount: Decimal | null;
  amount: Decimal;
}

export interface OrderPayment {
  ledgerTransactionId: string;
  voucher: Decimal;
  gift: Decimal;
  cash: Decimal;
  /** Cash the platform advanced (an account in arrears renewed under the never-suspend privilege). */
  advanced: Decimal;
  paidAt: Date;
}

export interface Order {
  id: string;
  accountId: string;
  kind: OrderKind;
  purpose: OrderPurpose;
  status: OrderStatus;
  amount: Decimal;
  priceBookVersion: string | null;
  appId: string | null;
  subscriptionId: string | null;
  units: number | null;
  months: number | null;
  serviceStartsOn: string | null;
  serviceEndsOn: string | null;
  provisioning: { status: ProvisioningStatus; attempts: number; error: string | null } | null;
  refundBlocked: { at: Date; reason: string | null } | null;
  createdAt: Date;
  lines: OrderLine[];
  payment: OrderPayment | null;
}

export type NewOrder = Omit<Order, 'lines' | 'payment' | 'provisioning' | 'refundBlocked'> & {
  provisioningStatus: ProvisioningStatus | null;
  lines: OrderLine[];
};

/** An order placed under an Idempotency-Key. */
export interface PlacedOrder {
  order: Order;
  /** True when the Idempotency-Key was answered before: nothing was bought again. */
  replayed: boolean;
}

export interface PaymentOptions {
  /** Named vouchers, spent first. */
  voucherIds?: string[];
  /** Never-suspend auto-renewal: cash may go negative, the platform advancing what it lacks. */
  allowNegativeCash?: boolean;
}

export interface OrderFilter {
  accountId?: string;
  kind?: OrderKind;
  /** Billing dates, inclusive. */
  from?: string;
  to?: string;
}
