import { randomUUID } from 'node:crypto';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, errors, type JSONWebKeySet } from 'jose';
import { Clock } from '../../apps/core/src/clock/clock';
import type { SimulatedClock } from '../../apps/core/src/clock/simulated-clock';
import { answer, invalid } from '../support/api-client';
import { requestVia, TestSystem } from '../support/system';

/**
 * A month of activity on the simulated clock (Asia/Shanghai), then its statement, worked by hand:
 *
 * - 27 Feb: cash top-up 1,000.00 (the opening balance of March).
 * - 1 Mar: cash top-up 2,000.00; vouchers of 300.00 (to December) and 50.00 (through 20 Mar); a prepaid
 *   order for app A, 1 unit x 1 month domestic = 800.00, naming the 300.00 voucher: voucher 300.00 + cash
 *   500.00; then gift credit 200.00, and app B on pay-as-you-go.
 * - App B reports 40,000 (1 Mar: 40,000 x 0.0032 = 128.00), 5,000 (2 Mar: 32.00 fixed), 500 (3 Mar: free)
 *   and 70,000 (4 Mar: 224.00), then nothing (free days). Each day is charged at 06:00 the next day, gift
 *   credit first: 128.00 gift, 32.00 gift, 40.00 gift + 184.00 cash.
 * - 10 Mar (day 10 of the order): standard refund, 500.00 paid in cash - 10/30 x 800.00 = 233.33, to cash.
 * - 21 Mar 00:00: the 50.00 voucher expires.
 *
 * March: cash 1,000.00 + 2,000.00 - 500.00 - 184.00 + 233.33 = 2,549.33; gift 200.00 - 128.00 - 32.00 - 40.00
 * = 0.00; vouchers 350.00 - 300.00 - 50.00 = 0.00. The bills of 1-30 Mar are settled in March (30 days),
 * the bill of 31 Mar on 1 Apr.
 *
 * The clock runs every scheduled job through the days that move money; over the quiet days between it
 * jumps, as a worker that was down would find them, and the daily jobs catch up when it runs again.
 */
describe('monthly statements', () => {
  let system: TestSystem;
  let accountId: string;
  let appA: string;
  let appB: string;
  let orderId: string;
  let voucherIds: string[];

  const advance = async (to: string) => expect((await answer(system.http.POST('/v1/clock/advance', { body: { to } }))).status).toBe(200);
  const jump = (to: string) => (system.api.get(Clock) as SimulatedClock).set(new Date(to));
  const statement = (id: string, month: string, key: string = system.adminKey) =>
    answer(system.as(key).GET('/v1/accounts/{id}/statements/{month}', { params: { path: { id, month } } }));
  const idempotent = () => ({ 'Idempotency-Key': randomUUID() });
  const topUp = async (amount: string, kind: 'cash' | 'gift') =>
    expect(
      (
        await answer(
          system.http.POST('/v1/accounts/{id}/top-ups', {
            params: { path: { id: accountId }, header: idempotent() },
            body: { amount, kind },
          }),
        )
      ).status,
    ).toBe(201);
  const grant = async (amount: string, expiresOn: string) => {
    const reply = await answer(
      system.http.POST('/v1/accounts/{id}/vouchers', {
        params: { path: { id: accountId }, header: idempotent() },
        body: { amount, expiresOn },
      }),
    );
    expect(reply.status).toBe(201);
    return reply.data!.id;
  };
  const report = async (ingestKey: string, date: string, dau: number) => {
    const reply = await answer(
      system.as(ingestKey).POST('/v1/usage/dau', { body: { reports: [{ appId: appB, date, dau, source: 'gw-gz-1' }] } }),
    );
    expect(reply.data!.results[0].status).toBe('accepted');
  };
  const raw = (url: string, headers: Record<string, string> = {}) =>
    system.api.inject({ method: 'GET', url, headers: { authorization: `Bearer ${system.adminKey}`, ...headers } });

  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: '2026-02-27T12:00:00+08:00', worker: true });
  }, 30_000);
  afterAll(async () => system.stop());

  it('publishes one signing key without an API key, the same from two API processes asked at once', async () => {
    const second = await system.startApi();
    const [first, other] = await Promise.all([
      answer(system.as(null).GET('/.well-known/jwks.json')),
      requestVia(second, 'GET', '/.well-known/jwks.json', undefined, null),
    ]);
    expect(first.status).toBe(200);
    expect(first.data!.keys).toEqual([
      {
        kty: 'OKP',
        crv: 'Ed25519',
        x: expect.stringMatching(/^[\w-]{43}$/),
        kid: expect.stringMatching(/^[\w-]{43}$/),
        alg: 'EdDSA',
        use: 'sig',
      },
    ]);
    expect(other).toMatchObject({ status: 200, body: first.data });
    expect(await system.prisma.statementSigningKey.count()).toBe(1);
  });

  it('runs the month of activity', async () => {
    const account = await answer(system.http.POST('/v1/accounts', { body: { name: 'Statement Co' } }));
    accountId = account.data!.id;
    await topUp('1000.00', 'cash');
    const app = async (name: string) =>
      (await answer(system.http.POST('/v1/apps', { body: { accountId, name, platform: 'android', region: 'ap-guangzhou' } }))).data!.id;
    appA = await app('Prepaid A');
    appB = await app('Metered B');

    await jump('2026-03-01T12:00:00+08:00');
    await topUp('2000.00', 'cash');
    await advance('2026-03-01T12:01:00+08:00');
    voucherIds = [await grant('300.00', '2026-12-31')];
    await advance('2026-03-01T12:02:00+08:00');
    voucherIds.push(await grant('50.00', '2026-03-20'));
    await advance('2026-03-01T12:03:00+08:00');
    const order = await answer(
      system.http.POST('/v1/orders/prepaid', {
        params: { header: idempotent() },
        body: { accountId, appId: appA, units: 1, months: 1, autoRenew: false, voucherIds: [voucherIds[0]] },
      }),
    );
    expect(order.status).toBe(201);
    orderId = order.data!.id;
    await advance('2026-03-01T12:04:00+08:00');
    await topUp('200.00', 'gift');
    const payg = await answer(
      system.http.POST('/v1/orders/payg', { params: { header: idempotent() }, body: { accountId, appIds: [appB] } }),
    );
    expect(payg.status).toBe(201);

    const ingestKey = await system.newKey('ingest');
    const usage: [string, number][] = [
      ['2026-03-01', 40_000],
      ['2026-03-02', 5_000],
      ['2026-03-03', 500],
      ['2026-03-04', 70_000],
    ];
    for (const [date, dau] of usage) {
      await advance(`${date}T12:05:00+08:00`);
      await report(ingestKey, date, dau);
    }
    await advance('2026-03-05T12:00:00+08:00');
    await jump('2026-03-10T12:00:00+08:00');
    const refund = await answer(
      system.http.POST('/v1/orders/{id}/refunds', { params: { path: { id: orderId }, header: idempotent() }, body: { type: 'standard' } }),
    );
    expect(refund).toMatchObject({ status: 201, data: { amount: '233.33', cash: '233.33', gift: '0.00' } });
    await jump('2026-03-20T23:00:00+08:00');
    await advance('2026-03-21T07:00:00+08:00');
    await jump('2026-03-31T05:00:00+08:00');
    await advance('2026-04-02T12:00:00+08:00');
  }, 240_000);

  it("states March: balances, totals, one line per ledger transaction and app B's bills, equal to the ledger", async () => {
    const reply = await statement(accountId, '2026-03');
    expect(reply.status).toBe(200);
    const march = reply.data!;
    expect(march).toMatchObject({
      accountId,
      accountName: 'Statement Co',
      month: '2026-03',
      currency: 'CNY',
      from: '2026-03-01',
      to: '2026-03-31',
      provisional: false,
      opening: { at: '2026-02-28T16:00:00.000Z', cash: '1000.00', gift: '0.00', vouchers: '0.00' },
      closing: { at: '2026-03-31T16:00:00.000Z', cash: '2549.33', gift: '0.00', vouchers: '0.00' },
    });
    expect(march.totals).toEqual({
      topUps: { cash: '2000.00', gift: '200.00' },
      paygBills: { amount: '384.00', cash: '184.00', gift: '200.00' },
      prepaidOrders: { amount: '800.00', cash: '500.00', gift: '0.00', vouchers: '300.00' },
      refunds: { amount: '233.33', cash: '233.33', gift: '0.00' },
      vouchers: { granted: '350.00', used: '300.00', expired: '50.00' },
      adjustments: { cash: '0.00', gift: '0.00', vouchers: '0.00' },
    });
    const none = { orderId: null, appId: null, voucherId: null, billedDay: null };
    expect(march.lines.map(({ transactionId: _id, description: _text, ...line }) => line)).toEqual([
      { kind: 'top_up', at: '2026-03-01T04:00:00.000Z', date: '2026-03-01', cash: '2000.00', gift: '0.00', vouchers: '0.00', ...none },
      {
        kind: 'voucher_grant',
        at: '2026-03-01T04:01:00.000Z',
        date: '2026-03-01',
        cash: '0.00',
        gift: '0.00',
        vouchers: '300.00',
        ...none,
        voucherId: voucherIds[0],
      },
      {
        kind: 'voucher_grant',
        at: '2026-03-01T04:02:00.000Z',
        date: '2026-03-01',
        cash: '0.00',
        gift: '0.00',
        vouchers: '50.00',
        ...none,
        voucherId: voucherIds[1],
      },
      {
        kind: 'prepaid_order',
        at: '2026-03-01T04:03:00.000Z',
        date: '2026-03-01',
        cash: '-500.00',
        gift: '0.00',
        vouchers: '-300.00',
        ...none,
        orderId,
        appId: appA,
      },
      { kind: 'top_up', at: '2026-03-01T04:04:00.000Z', date: '2026-03-01', cash: '0.00', gift: '200.00', vouchers: '0.00', ...none },
      {
        kind: 'payg_bills',
        at: '2026-03-01T22:00:00.000Z',
        date: '2026-03-02',
        cash: '0.00',
        gift: '-128.00',
        vouchers: '0.00',
        ...none,
        billedDay: '2026-03-01',
      },
      {
        kind: 'payg_bills',
        at: '2026-03-02T22:00:00.000Z',
        date: '2026-03-03',
        cash: '0.00',
        gift: '-32.00',
        vouchers: '0.00',
        ...none,
        billedDay: '2026-03-02',
      },
      {
        kind: 'payg_bills',
        at: '2026-03-04T22:00:00.000Z',
        date: '2026-03-05',
        cash: '-184.00',
        gift: '-40.00',
        vouchers: '0.00',
        ...none,
        billedDay: '2026-03-04',
      },
      {
        kind: 'refund',
        at: '2026-03-10T04:00:00.000Z',
        date: '2026-03-10',
        cash: '233.33',
        gift: '0.00',
        vouchers: '0.00',
        ...none,
        orderId,
        appId: appA,
      },
      {
        kind: 'voucher_expiry',
        at: '2026-03-20T16:00:00.000Z',
        date: '2026-03-21',
        cash: '0.00',
        gift: '0.00',
        vouchers: '-50.00',
        ...none,
        voucherId: voucherIds[1],
      },
    ]);
    expect(march.lines.map((line) => line.description)).toEqual([
      'Cash top-up',
      'Voucher granted',
      'Voucher granted',
      'Prepaid purchase for Prepaid A: 1 unit(s) x 1 month(s)',
      'Gift credit granted',
      'Pay-as-you-go bills of 2026-03-01',
      'Pay-as-you-go bills of 2026-03-02',
      'Pay-as-you-go bills of 2026-03-04',
      'Refund of prepaid purchase for Prepaid A: 1 unit(s) x 1 month(s)',
      expect.stringContaining('2026-03-20'),
    ]);
    const freeDays = Array.from({ length: 26 }, (_, i) => ({ date: `2026-03-${String(i + 5).padStart(2, '0')}`, dau: 0, amount: '0.00' }));
    expect(march.paygApps).toEqual([
      {
        appId: appB,
        name: 'Metered B',
        days: 30,
        chargedDays: 3,
        dau: 115_500,
        amount: '384.00',
        bills: [
          { date: '2026-03-01', dau: 40_000, amount: '128.00' },
          { date: '2026-03-02', dau: 5_000, amount: '32.00' },
          { date: '2026-03-03', dau: 500, amount: '0.00' },
          { date: '2026-03-04', dau: 70_000, amount: '224.00' },
          ...freeDays,
        ],
      },
    ]);

    // The ledger: the same transactions, and the wallet holds the closing balances (nothing moved since).
    const ledger = await answer(
      system.http.GET('/v1/accounts/{id}/ledger', { params: { path: { id: accountId }, query: { from: '2026-03-01', to: '2026-03-31' } } }),
    );
    expect(ledger.data!.items.map((t) => t.id)).toEqual(march.lines.map((line) => line.transactionId));
    const wallet = (await answer(system.http.GET('/v1/accounts/{id}', { params: { path: { id: accountId } } }))).data!.wallet;
    expect(wallet).toMatchObject({ cash: march.closing.cash, gift: march.closing.gift });
    expect(wallet.vouchers.map((v) => v.remaining)).toEqual(['0.00', '0.00']);
  });

  it('states February, and the current month as provisional, running to now from March closing', async () => {
    const february = (await statement(accountId, '2026-02')).data!;
    expect(february).toMatchObject({
      from: '2026-02-01',
      to: '2026-02-28',
      opening: { cash: '0.00', gift: '0.00', vouchers: '0.00' },
      closing: { at: '2026-02-28T16:00:00.000Z', cash: '1000.00', gift: '0.00', vouchers: '0.00' },
      totals: { topUps: { cash: '1000.00', gift: '0.00' } },
    });
    expect(february.lines.map((line) => line.kind)).toEqual(['top_up']);

    const april = (await statement(accountId, '2026-04')).data!;
    expect(april).toMatchObject({
      from: '2026-04-01',
      to: '2026-04-02',
      provisional: true,
      opening: { at: '2026-03-31T16:00:00.000Z', cash: '2549.33', gift: '0.00', vouchers: '0.00' },
      closing: { at: '2026-04-02T04:00:00.000Z', cash: '2549.33', gift: '0.00', vouchers: '0.00' },
      lines: [],
    });
    // The bills of 31 Mar and 1 Apr, both free, settled at 06:00 on 1 and 2 Apr.
    expect(april.paygApps).toEqual([expect.objectContaining({ appId: appB, days: 2, chargedDays: 0, dau: 0, amount: '0.00' })]);
  });

  it('signs the statement: the JWS verifies with the published key and carries the statement; a changed payload does not', async () => {
    const { jws, ...march } = (await statement(accountId, '2026-03')).data!;
    const jwks = (await answer(system.as(null).GET('/.well-known/jwks.json'))).data!;
    const header = decodeProtectedHeader(jws);
    expect(header).toMatchObject({ alg: 'EdDSA', kid: jwks.keys[0].kid });
    const keySet = createLocalJWKSet(jwks as JSONWebKeySet);
    const { payload } = await compactVerify(jws, keySet);
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(march);

    const [protectedHeader, body, signature] = jws.split('.');
    const claimed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    claimed.closing.cash = '25490.33';
    const tampered = `${protectedHeader}.${Buffer.from(JSON.stringify(claimed)).toString('base64url')}.${signature}`;
    await expect(compactVerify(tampered, keySet)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });

  it('renders the statement as a PDF with ?format=pdf or Accept: application/pdf', async () => {
    for (const reply of [
      await raw(`/v1/accounts/${accountId}/statements/2026-03?format=pdf`),
      await raw(`/v1/accounts/${accountId}/statements/2026-03`, { accept: 'application/pdf' }),
    ]) {
      expect(reply.statusCode).toBe(200);
      expect(reply.headers['content-type']).toBe('application/pdf');
      expect(reply.headers['content-disposition']).toBe('attachment; filename="statement-2026-03.pdf"');
      expect(reply.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(reply.rawPayload.length).toBeGreaterThan(1000);
    }
  });

  it("answers 404 for another account's key or an unknown account, and 400 on month or format for a bad one", async () => {
    const other = (await answer(system.http.POST('/v1/accounts', { body: { name: 'Other Co' } }))).data!.id;
    const created = await answer(system.http.POST('/v1/api-keys', { body: { name: 'other console', role: 'readonly', accountId: other } }));
    expect(await statement(accountId, '2026-03', created.data!.key)).toMatchObject({ status: 404, error: { code: 'NOT_FOUND' } });
    expect((await statement(other, '2026-03', created.data!.key)).status).toBe(200);
    expect(await statement(randomUUID(), '2026-03')).toMatchObject({ status: 404, error: { code: 'NOT_FOUND' } });
    for (const month of ['2026-13', '2026-3', 'march', '2026-05']) {
      expect(await statement(accountId, month)).toMatchObject({ status: 400, error: { code: 'VALIDATION_FAILED', field: 'month' } });
    }
    const format = await answer(
      system.http.GET('/v1/accounts/{id}/statements/{month}', {
        params: { path: { id: accountId, month: '2026-03' }, query: invalid({ format: 'xml' }) },
      }),
    );
    expect(format).toMatchObject({ status: 400, error: { code: 'VALIDATION_FAILED', field: 'format' } });
  });
});
