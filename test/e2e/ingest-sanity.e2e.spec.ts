import { randomUUID } from 'node:crypto';
import type { Region } from '../../apps/core/src/pricing/price-book';
import { answer, invalid, Schemas } from '../support/api-client';
import { TestSystem } from '../support/system';

/** What a leaked or misconfigured ingest key can and cannot do to usage. */
describe('Ingest sanity', () => {
  let system: TestSystem;
  let today: string;
  const app = async (region: Region) => {
    const account = (await answer(system.http.POST('/v1/accounts', { body: { name: `acct ${randomUUID().slice(0, 6)}` } }))).data!.id;
    return (await answer(system.http.POST('/v1/apps', { body: { accountId: account, name: 'app', platform: 'android', region } }))).data!
      .id;
  };
  const report = async (key: string, reports: Schemas['DauReportDto'][]) =>
    (await answer(system.as(key).POST('/v1/usage/dau', { body: { reports } }))).data!.results;
  const statuses = async (key: string, reports: Schemas['DauReportDto'][]) => (await report(key, reports)).map((r) => r.status);
  const createKey = async (body: Schemas['CreateApiKeyDto']) => (await answer(system.http.POST('/v1/api-keys', { body }))).data!;
  const days = async (id: string) =>
    (await answer(system.http.GET('/v1/apps/{id}/usage', { params: { path: { id }, query: { from: today, to: today } } }))).data!.days;
  const correct = (id: string, body: Schemas['UsageCorrectionDto'], key: string, idempotencyKey: string | null = randomUUID()) =>
    answer(
      system.as(key).POST('/v1/apps/{id}/usage/corrections', {
        params: { path: { id }, header: invalid(idempotencyKey === null ? {} : { 'Idempotency-Key': idempotencyKey }) },
        body,
      }),
    );

  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: '2026-03-10T04:00:00Z' });
    today = '2026-03-10';
  });
  afterAll(async () => system.stop());

  it('refuses, report by report, the apps outside a region-scoped ingest key', async () => {
    const shanghai = await app('ap-shanghai');
    const singapore = await app('ap-singapore');
    const { key } = await createKey({ name: 'sh gateway', role: 'ingest', regions: ['ap-shanghai'] });
    const reply = await answer(
      system.as(key).POST('/v1/usage/dau', {
        body: {
          reports: [
            { appId: shanghai, date: today, dau: 10, source: 'gw-1' },
            { appId: singapore, date: today, dau: 10, source: 'gw-1' },
          ],
        },
      }),
    );
    expect(reply.status).toBe(200);
    expect(reply.data!.results.map((r) => r.status)).toEqual(['accepted', 'FORBIDDEN']);
    expect(await days(singapore)).toEqual([]);
    expect(await days(shanghai)).toEqual([{ date: today, dau: 10 }]);
  });

  it("answers another account's app as not found to an account-scoped ingest key, and writes nothing", async () => {
    const mine = await app('ap-guangzhou');
    const theirs = await app('ap-guangzhou');
    const account = (await answer(system.http.GET('/v1/apps/{id}', { params: { path: { id: mine } } }))).data!.accountId;
    const { key } = await createKey({ name: 'tenant gateway', role: 'ingest', accountId: account });
    expect(
      await statuses(key, [
        { appId: mine, date: today, dau: 3 },
        { appId: theirs, date: today, dau: 3 },
      ]),
    ).toEqual(['accepted', 'NOT_FOUND']);
    expect(await days(theirs)).toEqual([]);
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
    expect((await statuses(ingest, first)).every((status) => status === 'accepted')).toBe(true);
    const more = await statuses(ingest, [
      { appId: target, date: today, dau: 1, source: 'gw-15' },
      { appId: target, date: today, dau: 1, source: 'gw-16' },
      { appId: target, date: today, dau: 5, source: 'gw-00' },
    ]);
    expect(more).toEqual(['accepted', 'TOO_MANY_SOURCES', 'accepted']);
    expect(await statuses(ingest, [{ appId: target, date: today, dau: 9, source: 'gw-99' }])).toEqual(['TOO_MANY_SOURCES']);
    // 15 sources of 1, gw-00 raised to 5, gw-15 of 1: the refused ones added nothing.
    expect(await days(target)).toEqual([{ date: today, dau: 20 }]);
  });

  it("lets ops correct an open day's DAU, records the correction and its key, and refuses a closed day", async () => {
    const target = await app('ap-singapore');
    const ingest = await system.newKey('ingest');
    expect(await statuses(ingest, [{ appId: target, date: today, dau: 5000, source: 'gw-bad' }])).toEqual(['accepted']);
    const ops = await createKey({ name: 'ops desk', role: 'ops' });
    const correction = { date: today, dau: 120, reason: 'gw-bad double-counted' };
    expect((await correct(target, correction, await system.newKey('readonly'))).status).toBe(403);
    expect(await correct(target, correction, ops.key, null)).toMatchObject({
      status: 400,
      error: { code: 'IDEMPOTENCY_KEY_REQUIRED', field: 'Idempotency-Key' },
    });
    const corrected = await correct(target, correction, ops.key, 'fix-gw-bad');
    expect(corrected).toMatchObject({ status: 201, data: { appId: target, date: today, dau: 120, previousDau: 5000 } });
    // A retry answers the first correction (a second one would have replaced 120) and records nothing more.
    expect(await correct(target, correction, ops.key, 'fix-gw-bad')).toMatchObject({ status: 201, data: corrected.data });
    expect(await days(target)).toEqual([{ date: today, dau: 120 }]);
    const rows = await system.prisma.$queryRaw<
      any[]
    >`SELECT previous_dau, dau, reason, acting_key_id::text AS acting FROM usage_corrections WHERE app_id = ${target}::uuid`;
    expect(rows).toEqual([{ previous_dau: 5000, dau: 120, reason: 'gw-bad double-counted', acting: ops.id }]);
    expect(await correct(target, { ...correction, dau: -1 }, ops.key)).toMatchObject({ status: 400, error: { field: 'dau' } });
    expect(await correct(target, { ...correction, date: '2026-03-11' }, ops.key)).toMatchObject({ status: 400, error: { field: 'date' } });

    // The settlement has planned 2026-03-09: that day is closed to reports and to corrections alike.
    await system.prisma.$executeRaw`INSERT INTO settlement_chunks (day, chunk_no) VALUES ('2026-03-09', 0)`;
    expect(await correct(target, { ...correction, date: '2026-03-09' }, ops.key)).toMatchObject({
      status: 409,
      error: { code: 'DAY_CLOSED' },
    });
    // Audit events are written after the answer: wait for the last one.
    let events: Schemas['AuditEventDto'][] = [];
    for (const deadline = Date.now() + 3_000; events.length < 4 && Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      events = (await answer(system.http.GET('/v1/audit-events', { params: { query: { keyId: ops.id } } }))).data!.items;
    }
    expect(events.map((e) => [e.action, e.status])).toEqual(
      expect.arrayContaining([
        ['POST /v1/apps/:id/usage/corrections', 201],
        ['POST /v1/apps/:id/usage/corrections', 409],
      ]),
    );
  });
});
