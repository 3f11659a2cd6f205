import type { AccountView } from '../../../core/src/accounts/account.service';
import type { MessageRecord } from '../../../core/src/accounts/message.types';
import type { LedgerTransactionRecord, VoucherRecord } from '../../../core/src/ledger/ledger.types';
import { grossAmount } from '../../../core/src/ledger/ledger.rules';
import { formatMoney } from '../../../core/src/money/money';
import type { AccountDto, GrantedVoucherDto, LedgerTransactionDto, MessageDto } from './account.response';

/** The JSON shapes of accounts, wallets, vouchers, ledger transactions and messages (money as two-decimal strings). */

function iso(at: Date): string;
function iso(at: Date | null): string | null;
function iso(at: Date | null): string | null {
  return at ? at.toISOString() : null;
}

export function accountJson(account: AccountView): AccountDto {
  const { wallet } = account;
  return {
    id: account.id,
    name: account.name,
    email: account.email,
    balanceAlertThreshold: account.balanceAlertThreshold ? formatMoney(account.balanceAlertThreshold) : null,
    neverSuspend: account.neverSuspend,
    firstPaidAt: iso(account.firstPaidAt),
    createdAt: iso(account.createdAt),
    wallet: {
      cash: formatMoney(wallet.cash),
      gift: formatMoney(wallet.gift),
      frozen: formatMoney(wallet.frozen),
      vouchers: wallet.vouchers.map((voucher) => ({
        id: voucher.id,
        amount: formatMoney(voucher.amount),
        remaining: formatMoney(voucher.remaining),
        expiresOn: voucher.expiresOn,
        createdAt: iso(voucher.createdAt),
      })),
      available: formatMoney(wallet.available),
      inArrears: wallet.inArrears,
      arrearsSince: iso(wallet.arrearsSince),
      lowBalanceSince: iso(wallet.lowBalanceSince),
    },
  };
}

export function voucherJson(voucher: VoucherRecord, transactionId: string): GrantedVoucherDto {
  return {
    id: voucher.id,
    accountId: voucher.accountId,
    amount: formatMoney(voucher.amount),
    remaining: formatMoney(voucher.remaining),
    expiresOn: voucher.expiresOn,
    createdAt: iso(voucher.createdAt),
    transactionId,
  };
}

export function ledgerTransactionJson(transaction: LedgerTransactionRecord): LedgerTransactionDto {
  return {
    id: transaction.id,
    accountId: transaction.accountId,
    kind: transaction.kind,
    amount: formatMoney(grossAmount(transaction.entries)),
    businessKey: transaction.businessKey,
    reference: transaction.reference,
    memo: transaction.memo,
    createdAt: iso(transaction.createdAt),
    entries: transaction.entries.map((entry) => ({
      id: entry.id,
      book: entry.book,
      accountId: entry.accountId,
      voucherId: entry.voucherId,
      amount: formatMoney(entry.amount),
    })),
  };
}

export function messageJson(message: MessageRecord): MessageDto {
  return { ...message, createdAt: iso(message.createdAt), read: message.readAt !== null, readAt: iso(message.readAt) };
}
