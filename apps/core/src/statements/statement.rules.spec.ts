import type { LedgerMovement } from '../ledger/ledger-history.types';
import { money } from '../money/money';
import { orderIdsOf, statementJson, statementPeriod } from './statement.rules';

const TZ = 'Asia/Shanghai';

describe('statementPeriod', () => {
  it('covers a past month from 00:00 of its first day to 00:00 of the next month, in the billing time zone', () => {
    expect(statementPeriod('2026-12', new Date('2027-02-01T00:00:00Z'), TZ)).toEqual({
      month: '2026-12',
      from: '2026-12-01',
      to: '2026-12-31',
      start: new Date('2026-11-30T16:00:00Z'),
      end: new Date('2026-12-31T16:00:00Z'),
      provisional: false,
    });
  });

  it('runs the current month to now, as provisional; the first instant of the next month closes it', () => {
    const now = new Date('2026-02-10T03:00:00Z');
    expect(statementPeriod('2026-02', now, TZ)).toMatchObject({ from: '2026-02-01', to: '2026-02-10', end: now, provisional: true });
    expect(statementPeriod('2026-02', new Date('2026-02-28T16:00:00Z'), TZ)).toMatchObject({ to: '2026-02-28', provisional: false });
    // 23:59 on the 28th in Shanghai: February's last minute.
    expect(statementPeriod('2026-02', new Date('2026-02-28T15:59:00Z'), TZ)).toMatchObject({ to: '2026-02-28', provisional: true });
  });

  it('refuses a malformed month or one that has not begun, on the field month', () => {
    const now = new Date('2026-03-31T16:30:00Z'); // 00:30 on 1 April in Shanghai
    expect(statementPeriod('2026-04', now, TZ)).toMatchObject({ provisional: true, to: '2026-04-01' });
    for (const month of ['2026-05', '2026-13', '2026-00', '2026-4', '26-04', '2026-04-01', '1999-12', '3000-01']) {
      expect(() => statementPeriod(month, now, TZ)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field: 'month' } }),
      );
    }
  });
});

describe('statementJson', () => {
  const at = (iso: string) => new Date(iso);
  const movement = (
    kind: LedgerMovement['kind'],
    reference: string | null,
    deltas: Partial<Record<'cash' | 'gift' | 'vouchers', string>>,
  ) =>
    ({
      transactionId: `t-${Math.random()}`,
      kind,
      reference,
      memo: null,
      at: at('2026-03-05T02:00:00Z'),
      cash: money(deltas.cash ?? '0'),
      gift: money(deltas.gift ?? '0'),
      vouchers: money(deltas.vouchers ?? '0'),
      voucherIds: [],
    }) satisfies LedgerMovement;

  const movements = [
    movement('top_up', null, { cash: '100.00' }),
    movement('voucher_grant', 'voucher:v1', { vouchers: '30.00' }),
    movement('payment', 'order:o1', { cash: '-50.00', gift: '-5.00', vouchers: '-20.00' }),
    movement('payment', 'payg-bills:2026-03-03', { cash: '-12.00', gift: '-20.00' }),
    movement('refund', 'order:o1', { cash: '10.00', gift: '1.00' }),
    movement('voucher_expiry', 'voucher:v1', { vouchers: '-10.00' }),
    movement('adjustment', null, { cash: '-0.50' }),
  ];
  const opening = { cash: money('1.00'), gift: money('25.00'), vouchers: money('0') };
  const closing = { cash: money('48.50'), gift: money('1.00'), vouchers: money('0') };
  const statement = statementJson({
    account: { id: 'a1', name: 'Acme' },
    period: statementPeriod('2026-03', at('2026-04-02T00:00:00Z'), TZ),
    history: { opening, closing, movements },
    bills: [
      { appId: 'b', date: '2026-03-03', dau: 5000, amount: money('32.00'), ledgerTransactionId: movements[3].transactionId },
      { appId: 'b', date: '2026-03-04', dau: 100, amount: money('0'), ledgerTransactionId: null },
      // Settled in the month, but its charge is not among the lines (read from a later snapshot): left out.
      { appId: 'c', date: '2026-03-05', dau: 9000, amount: money('32.00'), ledgerTransactionId: 'another' },
    ],
    orders: new Map([['o1', { id: 'o1', appId: 'p', purpose: 'renewal', units: 2, months: 3 }]]),
    appNames: new Map([
      ['b', 'Beta'],
      ['p', 'Prime'],
    ]),
    tz: TZ,
  });

  it('classifies every movement and adds them up by kind, with positive amounts paid and given', () => {
    expect(statement.lines.map((line) => [line.kind, line.orderId, line.billedDay])).toEqual([
      ['top_up', null, null],
      ['voucher_grant', null, null],
      ['prepaid_order', 'o1', null],
      ['payg_bills', null, '2026-03-03'],
      ['refund', 'o1', null],
      ['voucher_expiry', null, null],
      ['adjustment', null, null],
    ]);
    expect(statement.lines[2]).toMatchObject({ appId: 'p', description: 'Prepaid renewal for Prime: 2 unit(s) x 3 month(s)' });
    expect(statement.totals).toEqual({
      topUps: { cash: '100.00', gift: '0.00' },
      paygBills: { amount: '32.00', cash: '12.00', gift: '20.00' },
      prepaidOrders: { amount: '75.00', cash: '50.00', gift: '5.00', vouchers: '20.00' },
      refunds: { amount: '11.00', cash: '10.00', gift: '1.00' },
      vouchers: { granted: '30.00', used: '20.00', expired: '10.00' },
      adjustments: { cash: '-0.50', gift: '0.00', vouchers: '0.00' },
    });
  });

  it('closes at opening plus the lines', () => {
    for (const book of ['cash', 'gift', 'vouchers'] as const) {
      const lines = statement.lines.reduce((sum, line) => sum.plus(line[book]), money(0));
      expect(money(statement.opening[book]).plus(lines).toFixed(2)).toBe(statement.closing[book]);
    }
  });

  it("lists each app's bills charged by the lines and its free days, never zero as -0.00", () => {
    expect(statement.paygApps).toEqual([
      {
        appId: 'b',
        name: 'Beta',
        days: 2,
        chargedDays: 1,
        dau: 5100,
        amount: '32.00',
        bills: [
          { date: '2026-03-03', dau: 5000, amount: '32.00' },
          { date: '2026-03-04', dau: 100, amount: '0.00' },
        ],
      },
    ]);
    expect(JSON.stringify(statement)).not.toContain('-0.00');
    expect(orderIdsOf(movements)).toEqual(['o1']);
  });
});
