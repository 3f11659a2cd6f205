import { ApiProperty } from '@nestjs/swagger';
import { BOOKS, Book, LedgerKind } from '../../../core/src/ledger/ledger.rules';
import { DateProperty, IdProperty, InstantProperty, MoneyProperty } from '../common/openapi/properties';

/** The JSON shapes of accounts, wallets, vouchers, ledger transactions and messages. */

const LEDGER_KINDS = Object.keys({ top_up: 1, voucher_grant: 1, voucher_expiry: 1, payment: 1, refund: 1, adjustment: 1 } satisfies Record<
  LedgerKind,
  1
>);

export class WalletVoucherDto {
  @IdProperty()
  id: string;

  @MoneyProperty({ description: 'granted' })
  amount: string;

  @MoneyProperty({ description: 'left to spend' })
  remaining: string;

  @DateProperty({ description: 'the last billing date it can be spent on' })
  expiresOn: string;

  @InstantProperty()
  createdAt: string;
}

export class WalletDto {
  @MoneyProperty({ description: 'cash paid in, less what it paid; negative in arrears' })
  cash: string;

  @MoneyProperty({ description: 'gift credit granted by the operator' })
  gift: string;

  @MoneyProperty({ description: 'held for a refund or a pending charge' })
  frozen: string;

  @ApiProperty({ type: [WalletVoucherDto], description: 'vouchers with something left, spent apart from the available balance' })
  vouchers: WalletVoucherDto[];

  @MoneyProperty({ description: 'what can pay now: cash + gift (vouchers apart)' })
  available: string;

  @ApiProperty()
  inArrears: boolean;

  @InstantProperty({ nullable: true })
  arrearsSince: string | null;

  @InstantProperty({ nullable: true, description: 'since when the available balance is below the alert threshold' })
  lowBalanceSince: string | null;
}

export class AccountDto {
  @IdProperty()
  id: string;

  @ApiProperty({ example: 'Acme Mobile Ltd.' })
  name: string;

  @ApiProperty({ type: String, nullable: true, example: 'billing@acme.example' })
  email: string | null;

  @MoneyProperty({ nullable: true, description: 'alert when the available balance drops below this' })
  balanceAlertThreshold: string | null;

  @ApiProperty({ description: 'never suspended for arrears or a failed auto-renewal' })
  neverSuspend: boolean;

  @InstantProperty({ nullable: true, description: 'the first payment, which ends the free trial of new apps' })
  firstPaidAt: string | null;

  @InstantProperty()
  createdAt: string;

  @ApiProperty({ type: WalletDto })
  wallet: WalletDto;
}

export class GrantedVoucherDto {
  @IdProperty()
  id: string;

  @IdProperty()
  accountId: string;

  @MoneyProperty()
  amount: string;

  @MoneyProperty()
  remaining: string;

  @DateProperty()
  expiresOn: string;

  @InstantProperty()
  createdAt: string;

  @IdProperty({ description: 'the ledger transaction of the grant' })
  transactionId: string;
}

export class LedgerEntryDto {
  @ApiProperty({ pattern: '^[0-9]+$', example: '23', description: 'sequential: later entries have larger ids' })
  id: string;

  @ApiProperty({ enum: BOOKS })
  book: Book;

  @IdProperty({ nullable: true, description: 'the customer account of a customer book; null for platform books' })
  accountId: string | null;

  @IdProperty({ nullable: true })
  voucherId: string | null;

  @MoneyProperty({ description: "debit positive, credit negative: a transaction's entries sum to zero", example: '-100.00' })
  amount: string;
}

export class LedgerTransactionDto {
  @IdProperty()
  id: string;

  @IdProperty({ nullable: true, description: 'null for a platform-only transaction' })
  accountId: string | null;

  @ApiProperty({ enum: LEDGER_KINDS })
  kind: LedgerKind;

  @MoneyProperty({ description: 'the money moved (the sum of the positive entries)' })
  amount: string;

  @ApiProperty({
    example: 'top-up:4b0c6a43-2f3e-4a4b-9b53-3f3c3e0d9a11:k-1',
    description: 'the unique key that makes the write happen once',
  })
  businessKey: string;

  @ApiProperty({ type: String, nullable: true, description: 'what the money paid for (an order, a bill)' })
  reference: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'cash top-up' })
  memo: string | null;

  @InstantProperty()
  createdAt: string;

  @ApiProperty({ type: [LedgerEntryDto] })
  entries: LedgerEntryDto[];
}

export class MessageDto {
  @IdProperty()
  id: string;

  @ApiProperty({ example: 'balance_alert' })
  type: string;

  @IdProperty({ nullable: true })
  appId: string | null;

  @ApiProperty({ description: 'the app, account or order the notice is about' })
  resourceKey: string;

  @DateProperty({ description: 'the billing date of the notice' })
  day: string;

  @ApiProperty({ example: 'Your balance is low' })
  title: string;

  @ApiProperty()
  body: string;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'the figures of the notice, by type' })
  payload: unknown;

  @InstantProperty()
  createdAt: string;

  @ApiProperty()
  read: boolean;

  @InstantProperty({ nullable: true })
  readAt: string | null;
}
