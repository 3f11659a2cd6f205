import type Decimal from 'decimal.js';
import { DomainError } from '../../apps/core/src/errors/domain-error';
import { WRITE_TRANSACTION } from '../../apps/core/src/prisma/transaction';
import { LedgerService } from '../../apps/core/src/ledger/ledger.service';
import { money } from '../../apps/core/src/money/money';
import { anAccount, BuiltAccount } from '../support/builders/accounts';
import { TestSystem } from '../support/system';
import { answer } from '../support/api-client';

/** A small seeded generator, so that a failing mix can be replayed with LEDGER_SEED. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: T[]) => items[Math.floor(next() * items.length)],
    cents: (min: number, max: number) => money(min * 100 + Math.floor(next() * (max - min) * 100)).dividedBy(100),
  };
}

type Outcome = { ok: true; transactionId: string } | { ok: false; error: unknown };

interface Operation {
  label: string;
  accountId: string;
  /** The ledger business key the operation writes under (retries share it). */
  businessKey: string | null;
  /** What it adds to (positive) or takes from (negative) the account's cash + gift + vouchers when it succeeds. */
  change: Decimal;
  /** Purchases that may be refused; `mustFail`: can never be covered. */
  mayFail?: boolean;
  mustFail?: boolean;
  run: () => Promise<string>;
}

const SEED = Number(process.env.LEDGER_SEED ?? Date.now() % 1_000_000);

describe(`ledger invariants under a concurrent random mix (LEDGER_SEED=${SEED})`, () => {
  let system: TestSystem;
  let ledger: LedgerService;
  let accounts: BuiltAccount[];
  let operations: Operation[];
  let outcomes: Outcome[];

  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: '2026-04-01T12:00:00+08:00' });
    ledger = system.api.get(LedgerService);
    accounts = [];
    for (let i = 0; i < 4; i++) {
      accounts.push(
        await anAccount(system).withCash('200.00').withGift('50.00').withVoucher('30.00').withVoucher('20.00', '2026-04-01').create(),
      );
    }
    operations = buildMix(generator(SEED));
    outcomes = await Promise.all(
      operations.map((op) =>
        op.run().then(
          (transactionId): Outcome => ({ ok: true, transactionId }),
          (error): Outcome => ({ ok: false, error }),
        ),
      ),
    );
  }, 60_000);
  afterAll(async () => system.stop());

  function buildMix(random: ReturnType<typeof generator>): Operation[] {
    const ops: Operation[] = [];
    const topUpKeys: { accountId: string; key: string; amount: string; kind: 'cash' | 'gift' }[] = [];
    const payments: { accountId: string; key: string; amount: Decimal; voucherIds: string[]; allowNegativeCash: boolean }[] = [];
    for (let i = 0; i < 160; i++) {
      // Half of the mix hits one account, so that its movements contend for its wallet lock.
      const account = random.chance(0.5) ? accounts[0] : random.pick(accounts);
      const accountId = account.id;
      const roll = random.int(1, 100);
      if (roll <= 30) {
        const retry = topUpKeys.length > 0 && random.chance(0.25) ? random.pick(topUpKeys) : null;
        const topUp = retry ?? {
          accountId,
          key: `mix-${i}`,
          amount: random.cents(1, 200).toFixed(2),
          kind: random.chance(0.7) ? 'cash' : 'gift',
        };
        if (!retry) topUpKeys.push(topUp as (typeof topUpKeys)[number]);
        ops.push({
          label: `top-up ${topUp.key}`,
          accountId: topUp.accountId,
          businessKey: `top-up:${topUp.accountId}:${topUp.key}`,
          change: money(topUp.amount),
          run: async () => {
            const reply = await answer(
              system.http.POST('/v1/accounts/{id}/top-ups', {
                params: { path: { id: topUp.accountId }, header: { 'Idempotency-Key': topUp.key } },
                body: { amount: topUp.amount, kind: topUp.kind },
              }),
            );
            if (!reply.data) throw new Error(`top-up answered ${reply.status}: ${JSON.stringify(reply.error)}`);
            return reply.data.id;
          },
        });
      } else if (roll <= 40) {
        const amount = random.cents(1, 50);
        const expiresOn = random.chance(0.3) ? '2026-04-01' : `2026-04-${String(random.int(2, 30)).padStart(2, '0')}`;
        ops.push({
          label: `voucher grant ${amount.toFixed(2)}`,
          accountId,
          businessKey: null,
          change: amount,
          run: async () => (await ledger.grantVoucher(accountId, amount, expiresOn)).transaction.id,
        });
      } else {
        const retry = payments.length > 0 && random.chance(0.15) ? random.pick(payments) : null;
        const tooBig = !retry && random.chance(0.1);
        const allowNegativeCash = !tooBig && random.chance(0.3);
        const payment = retry ?? {
          accountId,
          key: `payment:mix:${i}`,
          amount: tooBig ? money('1000000.00') : random.cents(1, allowNegativeCash ? 120 : 300),
          voucherIds: random.chance(0.5) ? account.voucherIds.filter(() => random.chance(0.6)) : [],
          allowNegativeCash,
        };
        if (!retry && !tooBig) payments.push(payment);
        ops.push({
          label: `${payment.allowNegativeCash ? 'postpaid charge' : 'purchase'} ${payment.key}`,
          accountId: payment.accountId,
          businessKey: payment.key,
          change: payment.amount.neg(),
          mayFail: !payment.allowNegativeCash,
          mustFail: tooBig,
          run: async () =>
            (
              await system.prisma.$transaction(
                (tx) =>
                  ledger.pay(tx, {
                    accountId: payment.accountId,
                    amount: payment.amount,
                    voucherIds: payment.voucherIds,
                    businessKey: payment.key,
                    reference: 'mix',
                    allowNegativeCash: payment.allowNegativeCash,
                  }),
                WRITE_TRANSACTION,
              )
            ).id,
        });
      }
    }
    return ops;
  }

  const succeeded = () => operations.map((op, i) => ({ op, outcome: outcomes[i] })).filter(({ outcome }) => outcome.ok);

  it('refuses only purchases, and only for want of balance; everything else succeeds', () => {
    operations.forEach((op, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) {
        expect({ op: op.label, mustFail: op.mustFail ?? false }).toEqual({ op: op.label, mustFail: false });
        return;
      }
      expect({ op: op.label, mayFail: op.mayFail ?? false }).toEqual({ op: op.label, mayFail: true });
      expect(outcome.error).toBeInstanceOf(DomainError);
      expect((outcome.error as DomainError).code).toBe('INSUFFICIENT_BALANCE');
    });
    // The mix is worth something only when purchases both succeed and fail.
    expect(outcomes.some((o) => !o.ok)).toBe(true);
    expect(succeeded().some(({ op }) => op.mayFail)).toBe(true);
  });

  it('writes one transaction per distinct successful operation: nothing lost, nothing doubled', async () => {
    const keys = new Map<string, string>();
    let unkeyed = 0;
    for (const { op, outcome } of succeeded()) {
      const id = (outcome as { transactionId: string }).transactionId;
      if (!op.businessKey) {
        unkeyed++;
        continue;
      }
      // Every retry under a key was answered with the one transaction written under it.
      expect(keys.get(op.businessKey) ?? id).toBe(id);
      keys.set(op.businessKey, id);
    }
    const setup = accounts.length * 4;
    const ids = accounts.map((a) => a.id);
    expect(await system.prisma.ledgerTransaction.count({ where: { accountId: { in: ids } } })).toBe(setup + keys.size + unkeyed);
    for (const [businessKey, id] of keys) {
      expect((await system.prisma.ledgerTransaction.findUnique({ where: { businessKey } }))?.id).toBe(id);
    }
    const refused = operations.filter((op, i) => !outcomes[i].ok && !keys.has(op.businessKey!)).map((op) => op.businessKey!);
    expect(await system.prisma.ledgerTransaction.count({ where: { businessKey: { in: refused } } })).toBe(0);
  });

  it('keeps every wallet equal to the sums of its entries', async () => {
    const mismatches = await system.prisma.$queryRaw<unknown[]>`
      SELECT w.account_id, w.cash, w.gift, w.frozen, s.cash AS entry_cash, s.gift AS entry_gift, s.frozen AS entry_frozen
      FROM wallets w
      LEFT JOIN (
        SELECT account_id,
               coalesce(sum(amount) FILTER (WHERE book = 'customer_cash'), 0) AS cash,
               coalesce(sum(amount) FILTER (WHERE book = 'customer_gift'), 0) AS gift,
               coalesce(sum(amount) FILTER (WHERE book = 'customer_frozen'), 0) AS frozen
        FROM ledger_entries WHERE account_id IS NOT NULL GROUP BY account_id
      ) s ON s.account_id = w.account_id
      WHERE (w.cash, w.gift, w.frozen) IS DISTINCT FROM (coalesce(s.cash, 0), coalesce(s.gift, 0), coalesce(s.frozen, 0))`;
    expect(mismatches).toEqual([]);
    expect(await system.prisma.wallet.count({ where: { accountId: { in: accounts.map((a) => a.id) } } })).toBe(accounts.length);
  });

  it("keeps every voucher's remaining equal to the sum of its entries", async () => {
    const mismatches = await system.prisma.$queryRaw<unknown[]>`
      SELECT v.id, v.remaining, coalesce(sum(e.amount), 0) AS entries
      FROM vouchers v LEFT JOIN ledger_entries e ON e.voucher_id = v.id AND e.book = 'customer_voucher'
      GROUP BY v.id, v.remaining
      HAVING v.remaining <> coalesce(sum(e.amount), 0)`;
    expect(mismatches).toEqual([]);
    const spent = await system.prisma.ledgerEntry.count({ where: { book: 'customer_voucher', amount: { lt: 0 } } });
    expect(spent).toBeGreaterThan(0);
  });

  it('balances every transaction, with at least two entries, under unique business keys', async () => {
    const unbalanced = await system.prisma.$queryRaw<unknown[]>`
      SELECT t.id, count(e.id) AS entries, coalesce(sum(e.amount), 0) AS total
      FROM ledger_transactions t LEFT JOIN ledger_entries e ON e.transaction_id = t.id
      GROUP BY t.id HAVING count(e.id) < 2 OR coalesce(sum(e.amount), 0) <> 0`;
    expect(unbalanced).toEqual([]);
    const duplicates = await system.prisma.$queryRaw<unknown[]>`
      SELECT business_key FROM ledger_transactions GROUP BY business_key HAVING count(*) > 1`;
    expect(duplicates).toEqual([]);
    const [{ total }] = await system.prisma.$queryRaw<
      { total: string }[]
    >`SELECT coalesce(sum(amount), 0)::text AS total FROM ledger_entries`;
    expect(total).toBe('0.00');
  });

  it("conserves each account's money: what came in minus what was paid is what it holds", async () => {
    const paidOrGot = new Map<string, Decimal>();
    const seen = new Set<string>();
    for (const { op } of succeeded()) {
      if (op.businessKey && seen.has(op.businessKey)) continue;
      if (op.businessKey) seen.add(op.businessKey);
      paidOrGot.set(op.accountId, (paidOrGot.get(op.accountId) ?? money(0)).plus(op.change));
    }
    for (const { id } of accounts) {
      const wallet = await system.prisma.wallet.findUniqueOrThrow({ where: { accountId: id } });
      const vouchers = await system.prisma.voucher.findMany({ where: { accountId: id } });
      const held = vouchers.reduce(
        (sum, v) => sum.plus(v.remaining.toString()),
        money(wallet.cash.toString()).plus(wallet.gift.toString()),
      );
      expect({ id, held: held.toFixed(2) }).toEqual({
        id,
        held: money('300.00')
          .plus(paidOrGot.get(id) ?? 0)
          .toFixed(2),
      });
    }
  });

  it('refuses to update, delete or truncate ledger rows', async () => {
    for (const statement of [
      'UPDATE ledger_entries SET amount = amount',
      'DELETE FROM ledger_entries',
      'UPDATE ledger_transactions SET memo = NULL',
      'DELETE FROM ledger_transactions',
      'TRUNCATE ledger_entries',
    ]) {
      await expect(system.prisma.$executeRawUnsafe(statement)).rejects.toThrow(/append-only/);
    }
  });

  it('refuses an entry set that does not balance', async () => {
    const [entry] = await system.prisma.ledgerEntry.findMany({ take: 1 });
    await expect(
      system.prisma.$executeRaw`
        INSERT INTO ledger_entries (transaction_id, book, account_id, amount)
        VALUES (${entry.transactionId}::uuid, 'platform_revenue', NULL, 1)`,
    ).rejects.toThrow(/does not balance/);
  });
});
