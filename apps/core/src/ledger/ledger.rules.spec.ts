import type Decimal from 'decimal.js';
import { DomainError } from '../errors/domain-error';
import { money } from '../money/money';
import {
  balanceDelta,
  EntryDraft,
  grossAmount,
  PaymentInput,
  refundEntries,
  SpendableVoucher,
  splitOfPayment,
  splitPayment,
  topUpEntries,
  voucherGrantEntries,
} from './ledger.rules';

const ACCOUNT = 'acc-1';
const sum = (entries: EntryDraft[]) => entries.reduce((total, e) => total.plus(e.amount), money(0)).toFixed(2);
const rows = (entries: EntryDraft[]) => entries.map((e) => [e.book, e.voucherId, e.amount.toFixed(2)]);
const voucher = (id: string, remaining: string, expiresOn = '2026-12-31', accountId = ACCOUNT): SpendableVoucher => ({
  id,
  accountId,
  remaining: money(remaining),
  expiresOn,
});
const pay = (over: Partial<PaymentInput> & { amount: Decimal }) =>
  splitPayment({
    accountId: ACCOUNT,
    cash: money(0),
    gift: money(0),
    vouchers: [],
    today: '2026-06-01',
    allowNegativeCash: false,
    ...over,
  });

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

describe('top-ups and voucher grants', () => {
  it('credits cash against receipts and gift against gift granted', () => {
    expect(rows(topUpEntries(ACCOUNT, money('100.5'), 'cash'))).toEqual([
      ['customer_cash', null, '100.50'],
      ['platform_receipts', null, '-100.50'],
    ]);
    expect(rows(topUpEntries(ACCOUNT, money('7'), 'gift'))).toEqual([
      ['customer_gift', null, '7.00'],
      ['platform_gift_granted', null, '-7.00'],
    ]);
  });

  it('credits the voucher against vouchers granted', () => {
    const entries = voucherGrantEntries(ACCOUNT, 'v1', money('20'));
    expect(rows(entries)).toEqual([
      ['customer_voucher', 'v1', '20.00'],
      ['platform_voucher_granted', null, '-20.00'],
    ]);
    expect(entries[0].accountId).toBe(ACCOUNT);
    expect(entries[1].accountId).toBeNull();
  });

  it.each(['0', '-1', '0.001', 'NaN'])('refuses the amount %s', (amount) => {
    expect(refusal(() => topUpEntries(ACCOUNT, money(amount), 'cash'))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'amount' },
    });
    expect(refusal(() => voucherGrantEntries(ACCOUNT, 'v', money(amount))).code).toBe('VALIDATION_FAILED');
  });
});

describe('splitPayment', () => {
  it('spends the named vouchers in the order named, then gift, then cash', () => {
    const { split, entries } = pay({
      amount: money('100'),
      vouchers: [voucher('b', '15'), voucher('a', '10')],
      gift: money('30'),
      cash: money('80'),
    });
    expect(split.vouchers.map((v) => [v.voucherId, v.amount.toFixed(2)])).toEqual([
      ['b', '15.00'],
      ['a', '10.00'],
    ]);
    expect([split.voucher, split.gift, split.cash].map((d) => d.toFixed(2))).toEqual(['25.00', '30.00', '45.00']);
    expect(rows(entries)).toEqual([
      ['customer_voucher', 'b', '-15.00'],
      ['customer_voucher', 'a', '-10.00'],
      ['customer_gift', null, '-30.00'],
      ['customer_cash', null, '-45.00'],
      ['platform_revenue', null, '100.00'],
    ]);
    expect(sum(entries)).toBe('0.00');
  });

  it('takes only what is needed from a voucher and leaves gift and cash alone', () => {
    const { split, entries } = pay({
      amount: money('4.99'),
      vouchers: [voucher('a', '10'), voucher('b', '10')],
      gift: money('5'),
      cash: money('5'),
    });
    expect(split.vouchers).toEqual([{ voucherId: 'a', amount: money('4.99') }]);
    expect(rows(entries)).toEqual([
      ['customer_voucher', 'a', '-4.99'],
      ['platform_revenue', null, '4.99'],
    ]);
  });

  it('skips expired, used-up, foreign and repeated vouchers; a voucher is good through its expiry date', () => {
    const { split } = pay({
      amount: money('10'),
      vouchers: [
        voucher('expired', '5', '2026-05-31'),
        voucher('empty', '0'),
        voucher('foreign', '5', '2026-12-31', 'acc-2'),
        voucher('today', '3', '2026-06-01'),
        voucher('today', '3', '2026-06-01'),
      ],
      cash: money('10'),
    });
    expect(split.vouchers.map((v) => v.voucherId)).toEqual(['today']);
    expect([split.voucher, split.gift, split.cash].map((d) => d.toFixed(2))).toEqual(['3.00', '0.00', '7.00']);
  });

  it('refuses a purchase the balance cannot cover, naming the shortfall', () => {
    const error = refusal(() => pay({ amount: money('100'), vouchers: [voucher('a', '10')], gift: money('20'), cash: money('30.5') }));
    expect(error).toMatchObject({ code: 'INSUFFICIENT_BALANCE', details: { shortfall: '39.50' } });
    expect(error.message).toContain('39.50');
  });

  it('counts no negative cash towards a purchase', () => {
    expect(refusal(() => pay({ amount: money('10'), gift: money('4'), cash: money('-20') })).details).toEqual({ shortfall: '6.00' });
  });

  it('covers a purchase exactly', () => {
    const { split } = pay({ amount: money('50'), gift: money('20'), cash: money('30') });
    expect(split.cash.toFixed(2)).toBe('30.00');
  });

  it('lets postpaid charges take cash below zero', () => {
    const { split, entries } = pay({ amount: money('100'), gift: money('20'), cash: money('-5'), allowNegativeCash: true });
    expect([split.gift, split.cash].map((d) => d.toFixed(2))).toEqual(['20.00', '80.00']);
    expect(sum(entries)).toBe('0.00');
  });

  it.each(['0', '-5', '1.005'])('refuses the amount %s', (amount) => {
    expect(refusal(() => pay({ amount: money(amount), cash: money('100') })).details).toEqual({ field: 'amount' });
  });
});

describe('refundEntries', () => {
  it('gives cash and gift back from revenue, leaving out a zero part', () => {
    expect(rows(refundEntries(ACCOUNT, money('30'), money('10')))).toEqual([
      ['customer_cash', null, '30.00'],
      ['customer_gift', null, '10.00'],
      ['platform_revenue', null, '-40.00'],
    ]);
    expect(rows(refundEntries(ACCOUNT, money('0'), money('10')))).toEqual([
      ['customer_gift', null, '10.00'],
      ['platform_revenue', null, '-10.00'],
    ]);
  });

  it('refuses a negative part or nothing to refund', () => {
    expect(refusal(() => refundEntries(ACCOUNT, money('-1'), money('10'))).details).toEqual({ field: 'cash' });
    expect(refusal(() => refundEntries(ACCOUNT, money('0'), money('0'))).details).toEqual({ field: 'amount' });
  });
});

describe('reading entries back', () => {
  it('sums the changes per customer book and voucher', () => {
    const { entries } = pay({ amount: money('30'), vouchers: [voucher('a', '5')], gift: money('5'), cash: money('50') });
    const delta = balanceDelta([...entries, ...topUpEntries(ACCOUNT, money('1'), 'cash')]);
    expect([delta.cash, delta.gift, delta.frozen].map((d) => d.toFixed(2))).toEqual(['-19.00', '-5.00', '0.00']);
    expect([...delta.vouchers].map(([id, d]) => [id, d.toFixed(2)])).toEqual([['a', '-5.00']]);
  });

  it("recovers a payment's split and gross amount from its entries", () => {
    const { split, entries } = pay({
      amount: money('30'),
      vouchers: [voucher('a', '5'), voucher('b', '5')],
      gift: money('5'),
      cash: money('50'),
    });
    expect(splitOfPayment(entries)).toEqual(split);
    expect(grossAmount(entries).toFixed(2)).toBe('30.00');
    expect(grossAmount(refundEntries(ACCOUNT, money('3'), money('4'))).toFixed(2)).toBe('7.00');
  });
});
