import { Clock } from '../../apps/core/src/clock/clock';
import type { SimulatedClock } from '../../apps/core/src/clock/simulated-clock';
import { LedgerService } from '../../apps/core/src/ledger/ledger.service';
import { money } from '../../apps/core/src/money/money';
import { anAccount } from '../support/builders/accounts';
import { answer, invalid } from '../support/api-client';
import { TestSystem } from '../support/system';
import { freshKey } from '../support/idempotency';

const UNKNOWN = '4b0c6a43-2f3e-4a4b-9b53-3f3c3e0d9a11';

describe('accounts, wallets and the ledger over HTTP', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: '2026-03-10T10:00:00+08:00' });
  });
  afterAll(async () => system.stop());

  const postAccount = (body: unknown, key = system.adminKey) => answer(system.as(key).POST('/v1/accounts', { body: invalid(body) }));
  const getAccount = (id: string, key: string | null = system.adminKey) =>
    answer(system.as(key).GET('/v1/accounts/{id}', { params: { path: { id } } }));
  const createAccount = async () => {
    const reply = await postAccount({ name: 'Acme' });
    expect(reply.status).toBe(201);
    return reply.data!.id;
  };
  const topUp = (id: string, body: unknown, idempotencyKey?: string, key = system.adminKey) =>
    answer(
      system.as(key).POST('/v1/accounts/{id}/top-ups', {
        params: { path: { id }, header: invalid(idempotencyKey === undefined ? {} : { 'Idempotency-Key': idempotencyKey }) },
        body: invalid(body),
      }),
    );
  const grantVoucher = (id: string, body: unknown, headers: Record<string, string> = {}, key = system.adminKey) =>
    answer(system.as(key).POST('/v1/accounts/{id}/vouchers', { params: { path: { id }, header: invalid(headers) }, body: invalid(body) }));
  const setPrivileges = (id: string, body: unknown, key = system.adminKey) =>
    answer(system.as(key).PUT('/v1/accounts/{id}/privileges', { params: { path: { id } }, body: invalid(body) }));
  const ledger = (id: string, query: Record<string, string> = {}, key = system.adminKey) =>
    answer(system.as(key).GET('/v1/accounts/{id}/ledger', { params: { path: { id }, query } }));
  const messages = (id: string, query: Record<string, string> = {}, key = system.adminKey) =>
    answer(system.as(key).GET('/v1/accounts/{id}/messages', { params: { path: { id }, query: invalid(query) } }));
  const markRead = (id: string, messageId: string) =>
    answer(system.http.POST('/v1/accounts/{id}/messages/{messageId}/read', { params: { path: { id, messageId } } }));
  const wallet = async (id: string) => (await getAccount(id)).data!.wallet;

  describe('POST /v1/accounts and GET /v1/accounts/:id', () => {
    it('creates an account with an empty wallet', async () => {
      const reply = await postAccount({ name: 'Acme', email: 'billing@acme.example', balanceAlertThreshold: 50 });
      expect(reply).toMatchObject({
        status: 201,
        data: {
          id: expect.any(String),
          name: 'Acme',
          email: 'billing@acme.example',
          balanceAlertThreshold: '50.00',
          neverSuspend: false,
          createdAt: '2026-03-10T02:00:00.000Z',
          wallet: { cash: '0.00', gift: '0.00', frozen: '0.00', vouchers: [], available: '0.00', inArrears: false, arrearsSince: null },
        },
      });
      expect(await getAccount(reply.data!.id)).toMatchObject({ status: 200, data: reply.data });
    });

    it.each([
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ name: 'Acme', email: 'not-an-email' }, 'email'],
      [{ name: 'Acme', balanceAlertThreshold: '1.234' }, 'balanceAlertThreshold'],
      [{ name: 'Acme', balanceAlertThreshold: '-1' }, 'balanceAlertThreshold'],
      [{ name: 'Acme', balanceAlertThreshold: true }, 'balanceAlertThreshold'],
      [{ name: 'Acme', colour: 'red' }, 'colour'],
    ])('refuses %j naming %s', async (body, field) => {
      expect(await postAccount(body)).toMatchObject({
        status: 400,
        error: { statusCode: 400, code: 'VALIDATION_FAILED', field },
      });
    });

    it('answers 404 for an unknown account and 400 for an id that is not a UUID', async () => {
      expect(await getAccount(UNKNOWN)).toMatchObject({ status: 404, error: { code: 'NOT_FOUND' } });
      expect(await getAccount('42')).toMatchObject({ status: 400, error: { field: 'id' } });
    });
  });

  describe('POST /v1/accounts/:id/top-ups', () => {
    it('requires an Idempotency-Key header', async () => {
      const id = await createAccount();
      expect(await topUp(id, { amount: '10.00', kind: 'cash' })).toMatchObject({
        status: 400,
        error: { code: 'IDEMPOTENCY_KEY_REQUIRED', field: 'Idempotency-Key' },
      });
      expect((await wallet(id)).cash).toBe('0.00');
    });

    it('answers with the ledger transaction and its balanced entries', async () => {
      const id = await createAccount();
      const reply = await topUp(id, { amount: '100', kind: 'cash' }, 'k-1');
      expect({ status: reply.status, data: reply.data }).toEqual({
        status: 201,
        data: {
          id: expect.any(String),
          accountId: id,
          kind: 'top_up',
          amount: '100.00',
          businessKey: `top-up:${id}:k-1`,
          reference: null,
          memo: 'cash top-up',
          createdAt: '2026-03-10T02:00:00.000Z',
          entries: [
            { id: expect.any(String), book: 'customer_cash', accountId: id, voucherId: null, amount: '100.00' },
            { id: expect.any(String), book: 'platform_receipts', accountId: null, voucherId: null, amount: '-100.00' },
          ],
        },
      });
      const gift = await topUp(id, { amount: 20.5, kind: 'gift' }, 'k-2');
      expect(gift.data?.entries.map((e) => [e.book, e.amount])).toEqual([
        ['customer_gift', '20.50'],
        ['platform_gift_granted', '-20.50'],
      ]);
      expect(await wallet(id)).toMatchObject({ cash: '100.00', gift: '20.50', available: '120.50' });
    });

    it('answers a retry with the same key and body with the first answer, and moves the money once', async () => {
      const id = await createAccount();
      const first = await topUp(id, { amount: '30.00', kind: 'cash' }, 'retry-me');
      // The same amount written differently is the same request.
      const again = await topUp(id, { kind: 'cash', amount: 30 }, 'retry-me');
      expect(again.status).toBe(first.status);
      expect(again.data).toEqual(first.data);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect((await wallet(id)).cash).toBe('30.00');
    });

    it('refuses the same key with another body (409) and keeps keys apart per account', async () => {
      const id = await createAccount();
      const other = await createAccount();
      await topUp(id, { amount: '30.00', kind: 'cash' }, 'shared');
      expect(await topUp(id, { amount: '31.00', kind: 'cash' }, 'shared')).toMatchObject({
        status: 409,
        error: { code: 'IDEMPOTENCY_CONFLICT' },
      });
      expect(await topUp(id, { amount: '30.00', kind: 'gift' }, 'shared')).toMatchObject({ status: 409 });
      expect((await topUp(other, { amount: '31.00', kind: 'cash' }, 'shared')).status).toBe(201);
      expect((await wallet(id)).cash).toBe('30.00');
      expect((await wallet(other)).cash).toBe('31.00');
    });

    it('gives concurrent requests under one key one write and the same answer', async () => {
      const id = await createAccount();
      const replies = await Promise.all(Array.from({ length: 8 }, () => topUp(id, { amount: '5.00', kind: 'cash' }, 'burst')));
      expect(new Set(replies.map((r) => r.status))).toEqual(new Set([201]));
      expect(new Set(replies.map((r) => r.data?.id)).size).toBe(1);
      expect((await wallet(id)).cash).toBe('5.00');
      expect(await system.prisma.ledgerTransaction.count({ where: { accountId: id } })).toBe(1);
    });

    it('stores nothing for a failed request, so the key can be used again', async () => {
      expect(await topUp(UNKNOWN, { amount: '5.00', kind: 'cash' }, 'fails')).toMatchObject({ status: 404, error: { code: 'NOT_FOUND' } });
      expect(await system.prisma.idempotencyKey.count({ where: { key: 'fails' } })).toBe(0);
    });

    it.each([
      [{ amount: '0', kind: 'cash' }, 'amount'],
      [{ amount: '-5.00', kind: 'cash' }, 'amount'],
      [{ amount: '1.001', kind: 'cash' }, 'amount'],
      [{ amount: 1.001, kind: 'cash' }, 'amount'],
      [{ amount: 'ten', kind: 'cash' }, 'amount'],
      [{ amount: '1e3', kind: 'cash' }, 'amount'],
      [{ kind: 'cash' }, 'amount'],
      [{ amount: '10.00', kind: 'bonus' }, 'kind'],
      [{ amount: '10.00' }, 'kind'],
      [{ amount: '10.00', kind: 'cash', memo: 'x' }, 'memo'],
    ])('refuses %j naming %s', async (body, field) => {
      const id = await createAccount();
      const reply = await topUp(id, body, 'bad');
      expect(reply).toMatchObject({ status: 400, error: { code: 'VALIDATION_FAILED', field } });
      expect(reply.error?.message).toContain(field);
    });

    it('refuses an Idempotency-Key that is too long', async () => {
      const id = await createAccount();
      expect(await topUp(id, { amount: '1.00', kind: 'cash' }, 'k'.repeat(201))).toMatchObject({
        status: 400,
        error: { field: 'Idempotency-Key' },
      });
    });
  });

  describe('POST /v1/accounts/:id/vouchers', () => {
    it('grants a voucher that shows in the wallet apart from the available balance', async () => {
      const id = await createAccount();
      const reply = await grantVoucher(id, { amount: '50', expiresOn: '2026-03-10' }, freshKey());
      expect(reply).toMatchObject({
        status: 201,
        data: {
          id: expect.any(String),
          accountId: id,
          amount: '50.00',
          remaining: '50.00',
          expiresOn: '2026-03-10',
          transactionId: expect.any(String),
        },
      });
      expect(await wallet(id)).toMatchObject({
        available: '0.00',
        vouchers: [{ id: reply.data?.id, amount: '50.00', remaining: '50.00', expiresOn: '2026-03-10' }],
      });
      const [grant] = await system.prisma.ledgerEntry.findMany({ where: { voucherId: reply.data!.id } });
      expect(grant).toMatchObject({ book: 'customer_voucher', accountId: id });
    });

    it('requires an Idempotency-Key, and grants nothing without one', async () => {
      const id = await createAccount();
      expect(await grantVoucher(id, { amount: '5.00', expiresOn: '2026-12-31' })).toMatchObject({
        status: 400,
        error: { code: 'IDEMPOTENCY_KEY_REQUIRED', field: 'Idempotency-Key' },
      });
      expect((await wallet(id)).vouchers).toEqual([]);
    });

    it('grants once under an Idempotency-Key', async () => {
      const id = await createAccount();
      const body = { amount: '5.00', expiresOn: '2026-12-31' };
      const headers = { 'idempotency-key': 'v-1' };
      const first = await grantVoucher(id, body, headers);
      const again = await grantVoucher(id, body, headers);
      expect(again.data).toEqual(first.data);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect((await wallet(id)).vouchers).toHaveLength(1);
    });

    it.each([
      [{ amount: '5.00', expiresOn: '2026-03-09' }, 'expiresOn'],
      [{ amount: '5.00', expiresOn: '2026-02-30' }, 'expiresOn'],
      [{ amount: '5.00', expiresOn: '10/03/2026' }, 'expiresOn'],
      [{ amount: '5.00' }, 'expiresOn'],
      [{ amount: '0.00', expiresOn: '2026-12-31' }, 'amount'],
    ])('refuses %j naming %s', async (body, field) => {
      const id = await createAccount();
      expect(await grantVoucher(id, body, freshKey())).toMatchObject({
        status: 400,
        error: { code: 'VALIDATION_FAILED', field },
      });
    });

    it('answers 404 for an unknown account', async () => {
      expect(await grantVoucher(UNKNOWN, { amount: '5.00', expiresOn: '2026-12-31' }, freshKey())).toMatchObject({
        status: 404,
      });
    });
  });

  describe('PUT /v1/accounts/:id/privileges', () => {
    it('sets and clears the never-suspend privilege', async () => {
      const id = await createAccount();
      expect(await setPrivileges(id, { neverSuspend: true })).toMatchObject({
        status: 200,
        data: { id, neverSuspend: true, wallet: { cash: '0.00' } },
      });
      expect((await setPrivileges(id, { neverSuspend: false })).data?.neverSuspend).toBe(false);
    });

    it('validates the body and the account', async () => {
      const id = await createAccount();
      expect(await setPrivileges(id, { neverSuspend: 'yes' })).toMatchObject({
        status: 400,
        error: { field: 'neverSuspend' },
      });
      expect((await setPrivileges(UNKNOWN, { neverSuspend: true })).status).toBe(404);
    });
  });

  describe('GET /v1/accounts/:id/ledger', () => {
    it('lists the transactions of billing dates from..to, oldest first, with their entries', async () => {
      const clock = system.api.get(Clock) as SimulatedClock;
      const id = await createAccount();
      await topUp(id, { amount: '1.00', kind: 'cash' }, 'd10');
      // 2026-03-11 00:30 in Shanghai is still 2026-03-10 in UTC: the billing date decides.
      await clock.set(new Date('2026-03-11T00:30:00+08:00'));
      await topUp(id, { amount: '2.00', kind: 'cash' }, 'd11');
      await clock.set(new Date('2026-03-12T09:00:00+08:00'));
      await topUp(id, { amount: '3.00', kind: 'gift' }, 'd12');

      const amounts = async (query: { from?: string; to?: string }) => (await ledger(id, query)).data?.items.map((t) => t.amount);
      expect(await amounts({})).toEqual(['1.00', '2.00', '3.00']);
      expect(await amounts({ from: '2026-03-11' })).toEqual(['2.00', '3.00']);
      expect(await amounts({ to: '2026-03-11' })).toEqual(['1.00', '2.00']);
      expect(await amounts({ from: '2026-03-11', to: '2026-03-11' })).toEqual(['2.00']);
      const [first] = (await ledger(id, { to: '2026-03-10' })).data!.items;
      expect(first.entries).toHaveLength(2);
    });

    it('validates the dates and the account', async () => {
      const id = await createAccount();
      expect(await ledger(id, { from: '2026-13-01' })).toMatchObject({ status: 400, error: { field: 'from' } });
      expect(await ledger(id, { from: '2026-03-02', to: '2026-03-01' })).toMatchObject({
        status: 400,
        error: { field: 'to' },
      });
      expect((await ledger(UNKNOWN)).status).toBe(404);
    });
  });

  describe('messages', () => {
    it("lists the account's notices newest first and marks one read", async () => {
      const { id } = await anAccount(system).withBalanceAlertThreshold('50.00').withCash('100.00').create();
      const ledger = system.api.get(LedgerService);
      await system.prisma.$transaction((tx) =>
        ledger.pay(tx, { accountId: id, amount: money('60.00'), businessKey: `test:${id}:1`, reference: 'test', allowNegativeCash: false }),
      );
      const clock = system.api.get(Clock) as SimulatedClock;
      await clock.set(new Date(clock.now().getTime() + 60_000));
      await system.prisma.$transaction((tx) =>
        ledger.pay(tx, { accountId: id, amount: money('60.00'), businessKey: `test:${id}:2`, reference: 'test', allowNegativeCash: true }),
      );

      const list = await messages(id);
      expect(list.status).toBe(200);
      expect(list.data?.items.map((m) => m.type)).toEqual(['arrears_notice', 'balance_alert']);
      expect(list.data?.items[1]).toMatchObject({
        resourceKey: id,
        read: false,
        readAt: null,
        payload: { available: '40.00', threshold: '50.00' },
      });

      const messageId = list.data!.items[1].id;
      const read = await markRead(id, messageId);
      expect(read).toMatchObject({ status: 200, data: { id: messageId, read: true, readAt: expect.any(String) } });
      const again = await markRead(id, messageId);
      expect(again.data?.readAt).toBe(read.data?.readAt);
      expect((await messages(id, { limit: '1' })).data?.items).toHaveLength(1);
      expect((await messages(id)).data?.items[1].read).toBe(true);
    });

    it("answers 404 for another account's message and an unknown account", async () => {
      const id = await createAccount();
      const { id: other } = await anAccount(system).withBalanceAlertThreshold('10.00').create();
      await system.api.get(LedgerService).topUp(other, money('1.00'), 'cash', `test:${other}`);
      const [message] = (await messages(other)).data!.items;
      expect((await markRead(id, message.id)).status).toBe(404);
      expect((await messages(UNKNOWN)).status).toBe(404);
      expect(await markRead(id, 'nope')).toMatchObject({ status: 400, error: { field: 'messageId' } });
      expect(await messages(id, { limit: '0' })).toMatchObject({ status: 400, error: { field: 'limit' } });
    });
  });

  describe('roles', () => {
    it('lets readers read and only admins write', async () => {
      const { id } = await anAccount(system).withCash('10.00').create();
      const readonly = await system.newKey('readonly');
      const ops = await system.newKey('ops');
      const ingest = await system.newKey('ingest');
      for (const key of [readonly, ops]) {
        expect((await getAccount(id, key)).status).toBe(200);
        expect((await ledger(id, {}, key)).status).toBe(200);
        expect((await messages(id, {}, key)).status).toBe(200);
        expect((await postAccount({ name: 'x' }, key)).status).toBe(403);
        expect((await topUp(id, { amount: '1', kind: 'cash' }, 'r', key)).status).toBe(403);
        expect((await grantVoucher(id, { amount: '1', expiresOn: '2026-12-31' }, freshKey(), key)).status).toBe(403);
        expect((await setPrivileges(id, { neverSuspend: true }, key)).status).toBe(403);
      }
      expect((await getAccount(id, ingest)).status).toBe(403);
      expect((await getAccount(id, null)).status).toBe(401);
    });

    it('documents the routes', async () => {
      // A raw request: the document itself is not one of its operations.
      const docs = JSON.parse(
        (await system.api.inject({ method: 'GET', url: '/docs/json', headers: { authorization: `Bearer ${system.adminKey}` } })).body,
      );
      expect(Object.keys(docs.paths)).toEqual(
        expect.arrayContaining([
          '/v1/accounts',
          '/v1/accounts/{id}',
          '/v1/accounts/{id}/top-ups',
          '/v1/accounts/{id}/vouchers',
          '/v1/accounts/{id}/privileges',
          '/v1/accounts/{id}/ledger',
          '/v1/accounts/{id}/messages',
          '/v1/accounts/{id}/messages/{messageId}/read',
        ]),
      );
    });
  });
});
