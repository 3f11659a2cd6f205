import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { Page, PageRequest } from '../pagination/pagination';
import type Decimal from 'decimal.js';
import { addDays, billingDate, isValidDate, startOfBillingDay } from '../clock/calendar';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../errors/domain-error';
import { NoticeService } from '../notifications/notice.service';
import type { Tx } from '../prisma/transaction';
import { UnitOfWork } from '../prisma/unit-of-work';
import { LedgerRepository } from './ledger.repository';
import type { LedgerTransactionRecord, VoucherRecord } from './ledger.types';
import {
  balanceDelta,
  EntryDraft,
  grossAmount,
  LedgerKind,
  PaymentSplit,
  refundEntries,
  splitOfPayment,
  splitPayment,
  TopUpKind,
  topUpEntries,
  voucherExpiryEntries,
  voucherGrantEntries,
  isVoucherExpired,
} from './ledger.rules';
import { arrearsNotice, balanceAlert } from './wallet.notices';
import type { LockedWallet } from './wallet.row';
import { watchWallet } from './wallet.rules';

export interface PaymentRequest {
  accountId: string;
  amount: Decimal;
  /** Vouchers the buyer named, spent in this order before gift credit and cash. */
  voucherIds?: string[];
  businessKey: string;
  /** What was paid for, e.g. `order:<id>`. */
  reference: string;
  allowNegativeCash: boolean;
}

export interface RefundRequest {
  accountId: string;
  cash: Decimal;
  gift: Decimal;
  businessKey: string;
  reference: string;
}

export type LedgerPayment = LedgerTransactionRecord & { split: PaymentSplit };

export interface VoucherGrant {
  voucher: VoucherRecord;
  transaction: LedgerTransactionRecord;
}

interface Movement {
  accountId: string;
  kind: LedgerKind;
  businessKey: string;
  /** The gross amount moved: a replay under the same key must be for the same amount. */
  amount: Decimal;
}

interface Draft {
  entries: EntryDraft[];
  reference: string | null;
  memo: string | null;
}

/**
 * Every money movement of an account (SPEC.md 8). Each one locks the account's
 * wallet row first, so the movements of one account are serial while accounts
 * run in parallel; the wallet and voucher balances change in the same database
 * transaction as the entries. Methods taking a `tx` run inside the caller's
 * transaction; the others open their own when none is given.
 */
/** Vouchers expired per page of the daily expiry: each is its own small transaction. */
const VOUCHER_EXPIRY_PAGE = 500;

@Injectable()
export class LedgerService {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly notices: NoticeService,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The ledger transaction written under a business key, or null. */
  findTransaction(businessKey: string): Promise<LedgerTransactionRecord | null> {
    return this.uow.run((tx) => this.ledger.findByBusinessKey(tx, businessKey));
  }

  /** The wallet's cash as the caller's transaction sees it (after its own payment: the wallet row is locked by it). */
  walletCash(tx: Tx, accountId: string): Promise<Decimal> {
    return this.ledger.walletCash(tx, accountId);
  }

  async topUp(accountId: string, amount: Decimal, kind: TopUpKind, businessKey: string, tx?: Tx): Promise<LedgerTransactionRecord> {
    return this.within(tx, (tx) =>
      this.record(tx, { accountId, kind: 'top_up', businessKey, amount }, async () => ({
        entries: topUpEntries(accountId, amount, kind),
        reference: null,
        memo: `${kind} top-up`,
      })),
    );
  }

  /** Vouchers are spendable through their expiry date (a billing date), which may not be in the past. */
  async grantVoucher(accountId: string, amount: Decimal, expiresOn: string, tx?: Tx): Promise<VoucherGrant> {
    if (!isValidDate(expiresOn)) throw DomainError.validation('expiresOn', 'expiresOn must be a date YYYY-MM-DD');
    if (expiresOn < this.today()) throw DomainError.validation('expiresOn', `expiresOn ${expiresOn} is in the past`);
    const voucherId = randomUUID();
    return this.within(tx, async (tx) => {
      const transaction = await this.record(
        tx,
        { accountId, kind: 'voucher_grant', businessKey: `voucher:${voucherId}`, amount },
        async () => {
          const entries = voucherGrantEntries(accountId, voucherId, amount);
          await this.ledger.insertVoucher(tx, { id: voucherId, accountId, amount, expiresOn, createdAt: this.clock.now() });
          return { entries, reference: `voucher:${voucherId}`, memo: null };
        },
      );
      const [voucher] = await this.ledger.findVouchers(tx, [voucherId]);
      return { voucher, transaction };
    });
  }

  /**
   * Moves what every voucher past its last day still holds out of the wallet
   * (SPEC.md 8), one ledger transaction per voucher under the business key
   * `voucher-expiry:<id>`. Safe twice and on two workers at once: each voucher
   * is re-read under its wallet's lock, and one already emptied is skipped.
   * Vouchers missed on earlier days are expired too.
   */
  async expireVouchers(): Promise<number> {
    const today = this.today();
    let expired = 0;
    for (;;) {
      const due = await this.ledger.expiredWithRemaining(today, VOUCHER_EXPIRY_PAGE);
      for (const { id, accountId } of due) {
        if (await this.uow.run((tx) => this.expireVoucher(tx, accountId, id, today))) expired += 1;
      }
      if (due.length < VOUCHER_EXPIRY_PAGE) return expired;
    }
  }

  private async expireVoucher(tx: Tx, accountId: string, voucherId: string, today: string): Promise<boolean> {
    await this.lockedWallet(tx, accountId);
    const [voucher] = await this.ledger.findVouchers(tx, [voucherId]);
    if (!isVoucherExpired(voucher, today) || voucher.remaining.isZero()) return false;
    await this.record(
      tx,
      { accountId, kind: 'voucher_expiry', businessKey: `voucher-expiry:${voucherId}`, amount: voucher.remaining },
      async () => ({
        entries: voucherExpiryEntries(accountId, voucherId, voucher.remaining),
        reference: `voucher:${voucherId}`,
        memo: `voucher expired at the end of ${voucher.expiresOn}`,
      }),
    );
    return true;
  }

  /**
   * Takes a payment inside the caller's transaction. Not enough money for a
   * purchase: INSUFFICIENT_BALANCE with the shortfall, and nothing written.
   * The same business key again returns the first payment as it was split.
   */
  async pay(tx: Tx, request: PaymentRequest): Promise<LedgerPayment> {
    const { accountId, amount, businessKey } = request;
    const transaction = await this.record(tx, { accountId, kind: 'payment', businessKey, amount }, async (wallet) => {
      const { entries } = splitPayment({
        accountId,
        amount,
        cash: wallet.cash,
        gift: wallet.gift,
        vouchers: await this.namedVouchers(tx, accountId, request.voucherIds ?? []),
        today: this.today(),
        allowNegativeCash: request.allowNegativeCash,
      });
      return { entries, reference: request.reference, memo: null };
    });
    return { ...transaction, split: splitOfPayment(transaction.entries) };
  }

  /** Gives cash and gift credit back from revenue, inside the caller's transaction. */
  async refund(tx: Tx, request: RefundRequest): Promise<LedgerTransactionRecord> {
    const { accountId, cash, gift, businessKey } = request;
    return this.record(tx, { accountId, kind: 'refund', businessKey, amount: cash.plus(gift) }, async () => ({
      entries: refundEntries(accountId, cash, gift),
      reference: request.reference,
      memo: null,
    }));
  }

  /** Transactions created from `from` through `to` (billing dates, both included), oldest first, a page at a time. */
  async listTransactions(
    accountId: string,
    from: string | undefined,
    to: string | undefined,
    page: PageRequest,
  ): Promise<Page<LedgerTransactionRecord>> {
    const range = await this.range(accountId, from, to);
    return this.ledger.listTransactions(accountId, range.from, range.until, page);
  }

  /** Every entry of the account's transactions in the range, for a CSV export. */
  async streamEntries(accountId: string, from?: string, to?: string): Promise<Readable> {
    const range = await this.range(accountId, from, to);
    return this.ledger.streamEntries(accountId, range.from, range.until);
  }

  private async range(accountId: string, from?: string, to?: string): Promise<{ from: Date | null; until: Date | null }> {
    if (from !== undefined && !isValidDate(from)) throw DomainError.validation('from', 'from must be a date YYYY-MM-DD');
    if (to !== undefined && !isValidDate(to)) throw DomainError.validation('to', 'to must be a date YYYY-MM-DD');
    if (from !== undefined && to !== undefined && from > to) throw DomainError.validation('to', 'to must not be before from');
    if (!(await this.ledger.walletExists(accountId))) throw DomainError.notFound('account', accountId);
    const tz = this.config.billingTz;
    return {
      from: from === undefined ? null : startOfBillingDay(from, tz),
      until: to === undefined ? null : startOfBillingDay(addDays(to, 1), tz),
    };
  }

  private within<T>(tx: Tx | undefined, work: (tx: Tx) => Promise<T>): Promise<T> {
    return tx ? work(tx) : this.uow.run(work);
  }

  private today(): string {
    return billingDate(this.clock.now(), this.config.billingTz);
  }

  private async lockedWallet(tx: Tx, accountId: string): Promise<LockedWallet> {
    const wallet = await this.ledger.lockWallet(tx, accountId);
    if (!wallet) throw DomainError.notFound('account', accountId);
    return wallet;
  }

  private async namedVouchers(tx: Tx, accountId: string, ids: string[]): Promise<VoucherRecord[]> {
    if (ids.length === 0) return [];
    const found = new Map((await this.ledger.findVouchers(tx, ids)).map((voucher) => [voucher.id, voucher]));
    const foreign = ids.find((id) => found.get(id)?.accountId !== accountId);
    if (foreign) throw DomainError.validation('voucherIds', `voucher ${foreign} is not a voucher of account ${accountId}`);
    const expired = ids.find((id) => isVoucherExpired(found.get(id)!, this.today()));
    if (expired) {
      throw new DomainError(
        'VOUCHER_EXPIRED',
        `voucher ${expired} expired at the end of ${found.get(expired)!.expiresOn}: nothing was charged`,
        {
          field: 'voucherIds',
          voucherId: expired,
        },
      );
    }
    return ids.map((id) => found.get(id)!);
  }

  /**
   * Writes one movement once: under the wallet lock, an existing transaction
   * with the business key is returned as it is (a retry); otherwise the draft's
   * entries are written and the balances, arrears and balance alert follow.
   */
  private async record(tx: Tx, movement: Movement, draft: (wallet: LockedWallet) => Promise<Draft>): Promise<LedgerTransactionRecord> {
    const wallet = await this.lockedWallet(tx, movement.accountId);
    const existing = await this.ledger.findByBusinessKey(tx, movement.businessKey);
    if (existing) return this.replay(existing, movement);
    const now = this.clock.now();
    const { entries, reference, memo } = await draft(wallet);
    const { accountId, kind, businessKey } = movement;
    const header = { id: randomUUID(), accountId, kind, businessKey, reference, memo, createdAt: now };
    if (!(await this.ledger.insertTransaction(tx, header, entries))) {
      // Another account's movement took the key between our check and insert.
      return this.replay((await this.ledger.findByBusinessKey(tx, businessKey))!, movement);
    }
    const balances = await this.ledger.applyToWallet(tx, accountId, balanceDelta(entries), now);
    const watch = watchWallet(balances, wallet, wallet.balanceAlertThreshold, now);
    if (watch.flags.arrearsSince !== wallet.arrearsSince || watch.flags.lowBalanceSince !== wallet.lowBalanceSince) {
      await this.ledger.setFlags(tx, accountId, watch.flags);
    }
    const day = billingDate(now, this.config.billingTz);
    if (watch.enteredArrears) await this.notices.raise(tx, arrearsNotice(wallet, balances, day, now), now);
    if (watch.droppedBelowThreshold) await this.notices.raise(tx, balanceAlert(wallet, balances, wallet.balanceAlertThreshold!, day), now);
    return (await this.ledger.findByBusinessKey(tx, businessKey))!;
  }

  private replay(existing: LedgerTransactionRecord, movement: Movement): LedgerTransactionRecord {
    if (
      existing.accountId !== movement.accountId ||
      existing.kind !== movement.kind ||
      !grossAmount(existing.entries).eq(movement.amount)
    ) {
      throw new DomainError('IDEMPOTENCY_CONFLICT', `business key ${movement.businessKey} was already used for another movement`);
    }
    return existing;
  }
}
