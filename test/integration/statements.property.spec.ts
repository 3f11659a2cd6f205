import fc from 'fast-check';
import { addDays, billingDate, startOfBillingDay } from '../../apps/core/src/clock/calendar';
import { Clock } from '../../apps/core/src/clock/clock';
import type { SimulatedClock } from '../../apps/core/src/clock/simulated-clock';
import { LedgerService } from '../../apps/core/src/ledger/ledger.service';
import { money } from '../../apps/core/src/money/money';
import { anAccount } from '../support/builders/accounts';
import { TestSystem } from '../support/system';

const TZ = 'Asia/Shanghai';
const BOOKS = ['cash', 'gift', 'vouchers'] as const;
type Balances = Record<(typeof BOOKS)[number], string>;

type Op =
  | { type: 'topUp'; kind: 'cash' | 'gift'; amount: string }
  | { type: 'grant'; amount: string; validDays: number }
  | { type: 'pay'; amount: string; withVouchers: boolean; payg: boolean }
  | { type: 'refund'; cash: string; gift: string }
  | { type: 'expire' };

const amount = (max: number) => fc.integer({ min: 1, max }).map((cents) => (cents / 100).toFixed(2));

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ type: fc.constant('topUp' as const), kind: fc.constantFrom('cash' as const, 'gift' as const), amount: amount(500_000) }),
  fc.record({ type: fc.constant('grant' as const), amount: amount(50_000), validDays: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ type: fc.constant('pay' as const), amount: amount(300_000), withVouchers: fc.boolean(), payg: fc.boolean() }),
  fc.record({ type: fc.constant('refund' as const), cash: amount(20_000), gift: fc.constantFrom('0.00', '5.00', '12.34') }),
  fc.constant({ type: 'expire' as const }),
);

/** An operation at a minute of one of the three months: [day offset from the first month's 1st, minute of the day]. */
const timedOps = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 88 }), fc.integer({ min: 0, max: 1439 }), op), { minLength: 1, maxLength: 14 })
  .map((ops) => [...ops].sort((a, b) => a[0] - b[0] || a[1] - b[1]));

const monthOf = (date: string) => date.slice(0, 7);
const monthAfter = (month: string) => monthOf(addDays(`${month}-28`, 7));

/**
 * Random months of money movements (top-ups, vouchers granted, spent and
 * expired, payments into arrears, refunds) through the ledger's services on
 * the simulated clock: every monthly statement closes at its opening plus its
 * lines, opens where the month before closed, and both balances are the
 * wallet as it stood at the month boundary; its lines are the ledger's transactions.
 */
describe('statements against the ledger', () => {
  let system: TestSystem;
  let clock: SimulatedClock;
  let ledger: LedgerService;
  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: '2026-01-15T12:00:00+08:00' });
    clock = system.api.get(Clock) as SimulatedClock;
    ledger = system.api.get(LedgerService);
  });
  afterAll(async () => system.stop());

  const wallet = async (accountId: string): Promise<Balances> => {
    const { wallet: w } = (await system.request('GET', `/v1/accounts/${accountId}`)).body;
    const vouchers = (w.vouchers as { remaining: string }[]).reduce((sum, v) => sum.plus(v.remaining), money(0));
    return { cash: w.cash, gift: w.gift, vouchers: vouchers.toFixed(2) };
  };

  async function apply(accountId: string, step: Op, n: number, vouchers: { id: string; expiresOn: string }[]): Promise<void> {
    const today = billingDate(clock.now(), TZ);
    if (step.type === 'topUp') await ledger.topUp(accountId, money(step.amount), step.kind, `prop:${accountId}:${n}`);
    if (step.type === 'grant') {
      const { voucher } = await ledger.grantVoucher(accountId, money(step.amount), addDays(today, step.validDays));
      vouchers.push({ id: voucher.id, expiresOn: voucher.expiresOn });
    }
    if (step.type === 'pay') {
      const voucherIds = step.withVouchers ? vouchers.filter((v) => v.expiresOn >= today).map((v) => v.id) : [];
      await system.prisma.$transaction((tx) =>
        ledger.pay(tx, {
          accountId,
          amount: money(step.amount),
          voucherIds,
          businessKey: `prop:${accountId}:${n}`,
          reference: step.payg ? `payg-bills:${addDays(today, -1)}` : `test-charge:${n}`,
          allowNegativeCash: true,
        }),
      );
    }
    if (step.type === 'refund') {
      await system.prisma.$transaction((tx) =>
        ledger.refund(tx, {
          accountId,
          cash: money(step.cash),
          gift: money(step.gift),
          businessKey: `prop:${accountId}:${n}`,
          reference: `test-refund:${n}`,
        }),
      );
    }
    if (step.type === 'expire') await ledger.expireVouchers();
  }

  it('closing = opening + lines, and both are the ledger at the month boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(timedOps, async (ops) => {
        const months = [monthAfter(monthOf(billingDate(clock.now(), TZ)))];
        months.push(monthAfter(months[0]));
        months.push(monthAfter(months[1]));
        const boundaries = [...months, monthAfter(months[2])].map((month) => startOfBillingDay(`${month}-01`, TZ));
        const { id: accountId } = await anAccount(system).create();
        const atBoundary: Balances[] = [];
        const vouchers: { id: string; expiresOn: string }[] = [];
        for (const [n, [day, minute, step]] of ops.entries()) {
          const at = new Date(startOfBillingDay(addDays(`${months[0]}-01`, day), TZ).getTime() + minute * 60_000);
          // The wallet as it stands when each month boundary passes: nothing moves between this read and the boundary.
          while (atBoundary.length < boundaries.length && at >= boundaries[atBoundary.length]) {
            await clock.set(boundaries[atBoundary.length]);
            atBoundary.push(await wallet(accountId));
          }
          await clock.set(at);
          await apply(accountId, step, n, vouchers);
        }
        while (atBoundary.length < boundaries.length) {
          await clock.set(boundaries[atBoundary.length]);
          atBoundary.push(await wallet(accountId));
        }
        await clock.set(new Date(boundaries[3].getTime() + 3_600_000));

        for (const [i, month] of months.entries()) {
          const reply = await system.request('GET', `/v1/accounts/${accountId}/statements/${month}`);
          expect(reply.status).toBe(200);
          const statement = reply.body;
          expect(statement.provisional).toBe(false);
          for (const book of BOOKS) {
            const lines = statement.lines.reduce((sum: ReturnType<typeof money>, line: Balances) => sum.plus(line[book]), money(0));
            expect(money(statement.opening[book]).plus(lines).toFixed(2)).toBe(statement.closing[book]);
            expect(statement.opening[book]).toBe(atBoundary[i][book]);
            expect(statement.closing[book]).toBe(atBoundary[i + 1][book]);
          }
          const listed = await system.request('GET', `/v1/accounts/${accountId}/ledger?from=${month}-01&to=${statement.to}&limit=1000`);
          expect(listed.body.items.map((t: { id: string }) => t.id)).toEqual(
            statement.lines.map((l: { transactionId: string }) => l.transactionId),
          );
          const customerEntries = listed.body.items
            .flatMap((t: { entries: { book: string; amount: string }[] }) => t.entries)
            .filter((e: { book: string }) => ['customer_cash', 'customer_gift', 'customer_voucher'].includes(e.book));
          const moved = customerEntries.reduce((sum: ReturnType<typeof money>, e: { amount: string }) => sum.plus(e.amount), money(0));
          const stated = BOOKS.reduce((sum, book) => sum.plus(statement.closing[book]).minus(statement.opening[book]), money(0));
          expect(moved.toFixed(2)).toBe(stated.toFixed(2));
        }
      }),
      { numRuns: 15 },
    );
  }, 300_000);
});
