import type Decimal from 'decimal.js';
import { formatMoney } from '../money/money';
import type { NoticeInput } from '../notifications/notification.types';
import { availableBalance, WalletBalances } from './wallet.rules';

interface Subject {
  accountId: string;
  accountName: string;
}

/** The resource of both notices is the account: one of each per account and billing day. */
export function arrearsNotice(subject: Subject, balances: WalletBalances, day: string, since: Date): NoticeInput {
  const balance = availableBalance(balances).plus(balances.frozen);
  return {
    accountId: subject.accountId,
    type: 'arrears_notice',
    resourceKey: subject.accountId,
    day,
    title: 'Your account is in arrears',
    body:
      `The balance of ${subject.accountName} is ${formatMoney(balance)} CNY. Top up within 24 hours, ` +
      'or its pay-as-you-go apps will be suspended.',
    payload: { balance: formatMoney(balance), arrearsSince: since.toISOString() },
  };
}

export function balanceAlert(subject: Subject, balances: WalletBalances, threshold: Decimal, day: string): NoticeInput {
  const available = availableBalance(balances);
  return {
    accountId: subject.accountId,
    type: 'balance_alert',
    resourceKey: subject.accountId,
    day,
    title: 'Your balance is low',
    body: `The available balance of ${subject.accountName} is ${formatMoney(available)} CNY, below your alert threshold of ${formatMoney(threshold)} CNY.`,
    payload: { available: formatMoney(available), threshold: formatMoney(threshold) },
  };
}
