import { VoucherExpiryService } from '../../apps/core/src/settlement/voucher-expiry.service';
import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { buyPrepaid, wallet } from '../support/prepaid';
import { TestSystem } from '../support/system';
import { answer } from '../support/api-client';

const D = '2026-05-10';
const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`).toISOString();

/** Vouchers expire at the end of their expiresOn day in the billing zone (SPEC.md 8), on the simulated clock. */
describe('voucher expiry', () => {
  let system: TestSystem;
  let accountId: string;
  let used: string;
  let unused: string;
  const advance = async (to: string) => expect((await answer(system.http.POST('/v1/clock/advance', { body: { to } }))).status).toBe(200);
  const ledger = async () =>
    (await answer(system.http.GET('/v1/accounts/{id}/ledger', { params: { path: { id: accountId } } }))).data!.items;
  const expiries = async () => (await ledger()).filter((t: { kind: string }) => t.kind === 'voucher_expiry');

  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: at(D, '10:00'), worker: true });
    const account = await anAccount(system).withCash('1000.00').withVoucher('300.00', D).withVoucher('200.00', D).create();
    accountId = account.id;
    [used, unused] = account.voucherIds;
  }, 30_000);
  afterAll(async () => system.stop());

  it('spends a voucher on its last day', async () => {
    await advance(at(D, '23:59'));
    const app = await anApplication(system).forAccount(accountId).inRegion('ap-singapore').create();
    const order = await buyPrepaid(system, { accountId, appId: app.id, units: 1, months: 1, voucherIds: [used] });
    expect(order).toMatchObject({ status: 201, data: { amount: '400.00' } });
    expect(await wallet(system, accountId)).toMatchObject({ cash: '900.00' });
  });

  it('moves what an expired voucher holds out of the wallet at 00:00, in a ledger transaction', async () => {
    await advance(at('2026-05-11', '00:30'));
    const vouchers = (await wallet(system, accountId)).vouchers;
    expect(vouchers.find((v: { id: string }) => v.id === unused)).toMatchObject({ amount: '200.00', remaining: '0.00', expiresOn: D });
    expect(vouchers.find((v: { id: string }) => v.id === used)).toMatchObject({ remaining: '0.00' });
    const [expiry, ...more] = await expiries();
    expect(more).toEqual([]);
    expect(expiry.entries.map((e: { book: string; amount: string }) => [e.book, e.amount]).sort()).toEqual([
      ['customer_voucher', '-200.00'],
      ['platform_voucher_granted', '200.00'],
    ]);
    expect(await wallet(system, accountId)).toMatchObject({ cash: '900.00', gift: '0.00' });
  });

  it('refuses an order naming an expired voucher with 409 VOUCHER_EXPIRED, charging nothing', async () => {
    const app = await anApplication(system).forAccount(accountId).inRegion('ap-singapore').create();
    const transactions = (await ledger()).length;
    const reply = await buyPrepaid(system, { accountId, appId: app.id, units: 1, months: 1, voucherIds: [unused] });
    expect(reply).toMatchObject({ status: 409, error: { code: 'VOUCHER_EXPIRED', field: 'voucherIds' } });
    expect(reply.error!.message).toContain(unused);
    expect(await wallet(system, accountId)).toMatchObject({ cash: '900.00' });
    expect((await ledger()).length).toBe(transactions);
    expect((await answer(system.http.GET('/v1/apps/{id}', { params: { path: { id: app.id } } }))).data).toMatchObject({
      state: 'trial',
      subscription: null,
    });
  });

  it('changes nothing when the expiry runs again, twice at once, or the next day', async () => {
    const expiry = system.api.get(VoucherExpiryService);
    expect(await Promise.all([expiry.run(), expiry.run()])).toEqual([0, 0]);
    await advance(at('2026-05-12', '00:30'));
    expect(await expiries()).toHaveLength(1);
    const drift = await system.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM vouchers v
        LEFT JOIN (SELECT voucher_id, sum(amount) AS total FROM ledger_entries WHERE voucher_id IS NOT NULL GROUP BY 1) l ON l.voucher_id = v.id
       WHERE v.remaining <> coalesce(l.total, 0)`;
    expect(drift[0].n).toBe(0);
  });
});
