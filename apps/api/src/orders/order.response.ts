import { ApiProperty } from '@nestjs/swagger';
import type { OrderKind, OrderPurpose, OrderStatus, ProvisioningStatus } from '../../../core/src/orders/order.types';
import { DateProperty, DecimalProperty, IdProperty, InstantProperty, MoneyProperty } from '../common/openapi/properties';

const KINDS = Object.keys({ prepaid: 1, postpaid: 1 } satisfies Record<OrderKind, 1>);
const PURPOSES = Object.keys({ purchase: 1, renewal: 1, upgrade: 1, activation: 1 } satisfies Record<OrderPurpose, 1>);
const STATUSES = Object.keys({ paid: 1, refunded: 1, active: 1 } satisfies Record<OrderStatus, 1>);
const PROVISIONING = Object.keys({ pending: 1, done: 1, failed: 1 } satisfies Record<ProvisioningStatus, 1>);

export class ProvisioningDto {
  @ApiProperty({ enum: PROVISIONING })
  status: ProvisioningStatus;

  @ApiProperty({ type: 'integer' })
  attempts: number;

  @ApiProperty({ type: String, nullable: true })
  error: string | null;
}

export class RefundBlockedDto {
  @InstantProperty()
  at: string;

  @ApiProperty({ type: String, nullable: true })
  reason: string | null;
}

export class OrderLineDto {
  @ApiProperty({ type: 'integer', example: 1 })
  lineNo: number;

  @IdProperty()
  appId: string;

  @ApiProperty({ example: 'prepaid plan, 10 units x 12 months, ap-guangzhou' })
  description: string;

  @ApiProperty({ type: 'integer', nullable: true })
  units: number | null;

  @ApiProperty({ type: 'integer', nullable: true })
  months: number | null;

  @DecimalProperty({ nullable: true, example: '800', description: 'per unit and month, before the discount' })
  unitPrice: string | null;

  @DecimalProperty({ nullable: true, example: '0.8', description: 'the multiplier of the duration bought' })
  discount: string | null;

  @MoneyProperty()
  amount: string;
}

export class OrderPaymentDto {
  @IdProperty()
  ledgerTransactionId: string;

  @MoneyProperty({ description: 'paid from vouchers' })
  voucher: string;

  @MoneyProperty({ description: 'paid from gift credit' })
  gift: string;

  @MoneyProperty({ description: 'paid from cash' })
  cash: string;

  @MoneyProperty({ description: 'advanced by the platform to a never-suspend account (its cash went negative)' })
  advanced: string;

  @InstantProperty()
  paidAt: string;
}

export class OrderDto {
  @IdProperty()
  id: string;

  @IdProperty()
  accountId: string;

  @ApiProperty({ enum: KINDS })
  kind: OrderKind;

  @ApiProperty({ enum: PURPOSES })
  purpose: OrderPurpose;

  @ApiProperty({ enum: STATUSES })
  status: OrderStatus;

  @MoneyProperty()
  amount: string;

  @ApiProperty({ type: String, nullable: true, example: '2026-01' })
  priceBookVersion: string | null;

  @IdProperty({ nullable: true })
  appId: string | null;

  @IdProperty({ nullable: true })
  subscriptionId: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  units: number | null;

  @ApiProperty({ type: 'integer', nullable: true })
  months: number | null;

  @DateProperty({ nullable: true })
  serviceStartsOn: string | null;

  @DateProperty({ nullable: true })
  serviceEndsOn: string | null;

  @ApiProperty({ type: ProvisioningDto, nullable: true, description: "prepaid: the deployment of the app's dedicated resources" })
  provisioning: ProvisioningDto | null;

  @ApiProperty({ type: RefundBlockedDto, nullable: true })
  refundBlocked: RefundBlockedDto | null;

  @InstantProperty()
  createdAt: string;

  @ApiProperty({ type: [OrderLineDto] })
  lines: OrderLineDto[];

  @ApiProperty({ type: [OrderPaymentDto], description: 'empty until paid' })
  payments: OrderPaymentDto[];
}
