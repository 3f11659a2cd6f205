import { ApiProperty } from '@nestjs/swagger';
import type {
  BalancesJson,
  PaygAppJson,
  StatementJson,
  StatementLineJson,
  StatementLineKind,
  StatementTotalsJson,
} from '../../../core/src/statements/statement.rules';
import { DateProperty, IdProperty, InstantProperty, MoneyProperty } from '../common/openapi/properties';

/** The JSON shapes of a monthly statement and of the keys that verify it. */

const LINE_KINDS = Object.keys({
  top_up: 1,
  payg_bills: 1,
  prepaid_order: 1,
  refund: 1,
  voucher_grant: 1,
  voucher_expiry: 1,
  adjustment: 1,
} satisfies Record<StatementLineKind, 1>);

export class StatementBalancesDto implements BalancesJson {
  @InstantProperty({ description: 'the balances are the ledger sums of every transaction before this instant' })
  at: string;

  @MoneyProperty()
  cash: string;

  @MoneyProperty({ description: 'gift credit' })
  gift: string;

  @MoneyProperty({ description: 'left on all vouchers' })
  vouchers: string;
}

export class StatementLineDto implements StatementLineJson {
  @ApiProperty({ enum: LINE_KINDS })
  kind: StatementLineKind;

  @InstantProperty()
  at: string;

  @DateProperty({ description: 'the billing date of `at`' })
  date: string;

  @IdProperty({ description: 'the ledger transaction' })
  transactionId: string;

  @ApiProperty()
  description: string;

  @MoneyProperty({ description: 'signed change to cash' })
  cash: string;

  @MoneyProperty({ description: 'signed change to gift credit' })
  gift: string;

  @MoneyProperty({ description: 'signed change to vouchers' })
  vouchers: string;

  @IdProperty({ nullable: true, description: 'the order paid (`prepaid_order`) or refunded (`refund`)' })
  orderId: string | null;

  @IdProperty({ nullable: true, description: 'the app of that order' })
  appId: string | null;

  @IdProperty({ nullable: true, description: 'the voucher granted or expired' })
  voucherId: string | null;

  @DateProperty({ nullable: true, description: 'the day a `payg_bills` line charges (settled at 06:00 the next day)' })
  billedDay: string | null;
}

export class PaygDayDto {
  @DateProperty()
  date: string;

  @ApiProperty({ type: 'integer' })
  dau: number;

  @MoneyProperty()
  amount: string;
}

export class PaygAppDto implements PaygAppJson {
  @IdProperty()
  appId: string;

  @ApiProperty({ type: String, nullable: true })
  name: string | null;

  @ApiProperty({ type: 'integer', description: 'days billed in the month (free days included)' })
  days: number;

  @ApiProperty({ type: 'integer', description: 'days with a charge' })
  chargedDays: number;

  @ApiProperty({ type: 'integer', description: 'the DAU of those days added up' })
  dau: number;

  @MoneyProperty()
  amount: string;

  @ApiProperty({ type: [PaygDayDto] })
  bills: PaygDayDto[];
}

class CashGiftDto {
  @MoneyProperty()
  cash: string;

  @MoneyProperty()
  gift: string;
}

class AmountCashGiftDto extends CashGiftDto {
  @MoneyProperty()
  amount: string;
}

class PrepaidTotalsDto extends AmountCashGiftDto {
  @MoneyProperty()
  vouchers: string;
}

class VoucherTotalsDto {
  @MoneyProperty()
  granted: string;

  @MoneyProperty({ description: 'spent on prepaid orders' })
  used: string;

  @MoneyProperty({ description: 'left on vouchers when they expired' })
  expired: string;
}

class AdjustmentTotalsDto extends CashGiftDto {
  @MoneyProperty()
  vouchers: string;
}

export class StatementTotalsDto implements StatementTotalsJson {
  @ApiProperty({ type: CashGiftDto, description: 'paid in' })
  topUps: CashGiftDto;

  @ApiProperty({ type: AmountCashGiftDto, description: 'charged' })
  paygBills: AmountCashGiftDto;

  @ApiProperty({ type: PrepaidTotalsDto, description: 'paid' })
  prepaidOrders: PrepaidTotalsDto;

  @ApiProperty({ type: AmountCashGiftDto, description: 'given back' })
  refunds: AmountCashGiftDto;

  @ApiProperty({ type: VoucherTotalsDto })
  vouchers: VoucherTotalsDto;

  @ApiProperty({ type: AdjustmentTotalsDto, description: 'any other movement, signed' })
  adjustments: AdjustmentTotalsDto;
}

export class StatementDto implements StatementJson {
  @IdProperty()
  accountId: string;

  @ApiProperty()
  accountName: string;

  @ApiProperty({ example: '2026-03' })
  month: string;

  @ApiProperty({ enum: ['CNY'] })
  currency: 'CNY';

  @DateProperty()
  from: string;

  @DateProperty({ description: 'the last day of the month; today for the current month' })
  to: string;

  @ApiProperty({ description: 'true for the current month: it runs to now and will still change' })
  provisional: boolean;

  @ApiProperty({ type: StatementBalancesDto })
  opening: StatementBalancesDto;

  @ApiProperty({ type: StatementBalancesDto, description: 'opening + the lines, equal to the ledger' })
  closing: StatementBalancesDto;

  @ApiProperty({ type: StatementTotalsDto })
  totals: StatementTotalsDto;

  @ApiProperty({ type: [StatementLineDto], description: "the account's ledger transactions of the period, oldest first" })
  lines: StatementLineDto[];

  @ApiProperty({ type: [PaygAppDto], description: 'the pay-as-you-go bills of the lines, by app' })
  paygApps: PaygAppDto[];

  @ApiProperty({
    description:
      'compact JWS (EdDSA, Ed25519) whose payload is the canonical JSON (RFC 8785) of this statement without `jws`; its `kid` names a key of /.well-known/jwks.json',
  })
  jws: string;
}

export class JwkDto {
  @ApiProperty({ enum: ['OKP'] })
  kty: string;

  @ApiProperty({ enum: ['Ed25519'] })
  crv: string;

  @ApiProperty({ description: 'the public key, base64url' })
  x: string;

  @ApiProperty({ description: 'its RFC 7638 thumbprint (SHA-256)' })
  kid: string;

  @ApiProperty({ enum: ['EdDSA'] })
  alg: string;

  @ApiProperty({ enum: ['sig'] })
  use: string;
}

export class JwksDto {
  @ApiProperty({ type: [JwkDto] })
  keys: JwkDto[];
}
