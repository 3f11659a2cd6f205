import { randomUUID } from 'node:crypto';
import { freshKey } from '../support/idempotency';
import { TestSystem } from '../support/system';

/** What a leaked or misconfigured ingest key can and cannot do to usage. */
describe('Ingest sanity', () => {
  let system: TestSystem;
  let today: string;
  const app = async (region: string) => {
    const account = (await system.request('POST', '/v1/accounts', { name: `acct ${randomUUID().slice(0, 6)}` })).body.id;
    return (await system.request('POST', '/v1/apps', { accountId: account, name: 'app', platform: 'android', region })).body.id as string;
  };
  const report = (key: string, reports: unknown[]) => system.request('POST', '/v1/usage/dau', { reports }, key);
  const correct = (appId: string, body: unknown, key: string, headers: Record<string, string> = freshKey()) =>
    system.request('POST', `/v1/apps/${appId}/usage/corrections`, body, key, headers);

  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: '2026-03-10T04:00:00Z' });
    today = '2026-03-10';
  });
  afterAll(async () => system.stop());

  it('refuses, report by report, the apps outside a region-scoped ingest key', async () => {
    const shanghai = await app('ap-shanghai');
    const singapore = await app('ap-singapore');
    const key = (await system.request('POST', '/v1/api-keys', { name: 'sh gateway', role: 'ingest', regions: ['ap-shanghai'] })).body.key;
    const reply = await report(key, [
      { appId: shanghai, date: today, dau: 10, source: 'gw-1' },
      { appId: singapore, date: today, dau: 10, source: 'gw-1' },
    ]);
    expect(reply.status).toBe(200);
    expect(reply.body.results.map((r: any) => r.status)).toEqual(['accepted', 'FORBIDDEN']);
    expect((await system.request('GET', `/v1/apps/${singapore}/usage?from=${today}&to=${today}`)).body.days).toEqual([]);
    expect((await system.request('GET', `/v1/apps/${shanghai}/usage?from=${today}&to=${today}`)).body.days).toEqual([
      { date: today, dau: 10 },
    ]);
  });

  it("answers another account's app as not found to an account-scoped ingest key, and writes nothing", async () => {
    const mine = await app('ap-guangzhou');
    const theirs = await app('ap-guangzhou');
    const account = (await system.request('GET', `/v1/apps/${mine}`)).body.accountId;
    const key = (await system.request('POST', '/v1/api-keys', { name: 'tenant gateway', role: 'ingest', accountId: account })).body.key;
    const reply = await report(key, [
      { appId: mine, date: today, dau: 3 },
      { appId: theirs, date: today, dau: 3 },
    ]);
    expect(reply.body.results.map((r: any) => r.status)).toEqual(['accepted', 'NOT_FOUND']);
    expect((await system.request('GET', `/v1/apps/${theirs}/usage?from=${today}&to=${today}`)).body.days).toEqual([]);
  });

  it('takes at most 16 sources for an app and day; the 17th is TOO_MANY_SOURCES and the known ones still report', async () => {
    const target = await app('ap-hongkong');
    const ingest = await system.newKey('ingest');
    const first = Array.from({ length: 15 }, (_, i) => ({
      appId: target,
      date: today,
      dau: 1,
      source: `gw-${String(i).padStart(2, '0')}`,
    }));
    expect((await report(ingest, first)).body.results.every((r: any) => r.status === 'accepted')).toBe(true);
    const more = await report(ingest, [
      { appId: target, date: today, dau: 1, source: 'gw-15' },
      { appId: target, date: today, dau: 1, source: 'gw-16' },
      { appId: target, date: today, dau: 5, source: 'gw-00' },
    ]);
    expect(more.body.results.map((r: any) => r.status)).toEqual(['accepted', 'TOO_MANY_SOURCES', 'accepted']);
    expect((await report(ingest, [{ appId: target, date: today, dau: 9, source: 'gw-99' }])).body.results[0].status).toBe(
      'TOO_MANY_SOURCES',
    );
    // 15 sources of 1, gw-00 raised to 5, gw-15 of 1: the refused ones added nothing.
    expect((await system.request('GET', `/v1/apps/${target}/usage?from=${today}&to=${today}`)).body.days).toEqual([
      { date: today, dau: 20 },
    ]);
  });

  it("lets ops correct an open day's DAU, records the correction and its key, and refuses a closed day", async () => {
    const target = await app('ap-singapore');
    const ingest = await system.newKey('ingest');
    expect((await report(ingest, [{ appId: target, date: today, dau: 5000, source: 'gw-bad' }])).body.results[0].status).toBe('accepted');
    const ops = await system.request('POST', '/v1/api-keys', { name: 'ops desk', role: 'ops' });
    const correction = { date: today, dau: 120, reason: 'gw-bad double-counted' };
    expect((await correct(target, correction, await system.newKey('readonly'))).status).toBe(403);
    expect(await correct(target, correction, ops.body.key, {})).toMatchObject({
      status: 400,
      body: { code: 'IDEMPOTENCY_KEY_REQUIRED', field: 'Idempotency-Key' },
    });
    const corrected = await correct(target, correction, ops.body.key, { 'idempotency-key': 'fix-gw-bad' });
    expect(corrected).toMatchObject({ status: 201, body: { appId: target, date: today, dau: 120, previousDau: 5000 } });
    // A retry answers the first correction (a second one would have replaced 120) and records nothing more.
    expect(await correct(target, correction, ops.body.key, { 'idempotency-key': 'fix-gw-bad' })).toEqual(corrected);
    expect((await system.request('GET', `/v1/apps/${target}/usage?from=${today}&to=${today}`)).body.days).toEqual([
      { date: today, dau: 120 },
    ]);
    const rows = await system.prisma.$queryRaw<
      any[]
    >`SELECT previous_dau, dau, reason, acting_key_id::text AS acting FROM usage_corrections WHERE app_id = ${target}::uuid`;
    expect(rows).toEqual([{ previous_dau: 5000, dau: 120, reason: 'gw-bad double-counted', acting: ops.body.id }]);
    expect(await correct(target, { ...correction, dau: -1 }, ops.body.key)).toMatchObject({
      status: 400,
      body: { field: 'dau' },
    });
    expect(await correct(target, { ...correction, date: '2026-03-11' }, ops.body.key)).toMatchObject({
      status: 400,
      body: { field: 'date' },
    });

    // The settlement has planned 2026-03-09: that day is closed to reports and to corrections alike.
    await system.prisma.$executeRaw`INSERT INTO settlement_chunks (day, chunk_no) VALUES ('2026-03-09', 0)`;
    expect(await correct(target, { ...correction, date: '2026-03-09' }, ops.body.key)).toMatchObject({
      status: 409,
      body: { code: 'DAY_CLOSED' },
    });
    // Audit events are written after the answer: wait for the last one.
    let events: any[] = [];
    for (const deadline = Date.now() + 3_000; events.length < 4 && Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      events = (await system.request('GET', `/v1/audit-events?keyId=${ops.body.id}`)).body.items;
    }
    expect(events.map((e: any) => [e.action, e.status])).toEqual(
      expect.arrayContaining([
        ['POST /v1/apps/:id/usage/corrections', 201],
        ['POST /v1/apps/:id/usage/corrections', 409],
      ]),
    );
  });
});
