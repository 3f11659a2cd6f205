import fc from 'fast-check';
import { MAX_JSON_DEPTH } from '../../apps/core/src/input/input.rules';
import { anAccount } from '../support/builders/accounts';
import { answer } from '../support/api-client';
import { TestSystem } from '../support/system';

/**
 * SPEC 15: no input ever produces a 5xx, and a refused request writes nothing.
 * The named cases are the ones that once answered 500; the property sends
 * generated bad bodies, queries and path parameters to every route of the
 * served OpenAPI document.
 */

interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  pathParams: string[];
  query: Record<string, any>;
  body: any | null;
}

interface BadRequest {
  url: string;
  body: unknown;
  /** DAU ingest refuses bad reports one by one: its answer may be 200 with every report refused. */
  perItem: boolean;
}

const CONTROL = fc.constantFrom('\u0000', '\u0001', '\u0009', '\u000a', '\u000d', '\u001b', '\u001f', '\u007f');
const BAD_DATE = fc.constantFrom(
  '0000-01-01',
  '1999-12-31',
  '3000-01-01',
  '9999-12-31',
  '0001-01-01T00:00:00Z',
  '3000-01-01T00:00:00+08:00',
);
const BAD_MONEY = fc.constantFrom('99999999999999.00', '10000000.01', 99999999999999, '1e20', '-1.00');

/** A string field with a control character somewhere in it. */
const poisonedString = fc.tuple(fc.string({ maxLength: 20 }), CONTROL, fc.string({ maxLength: 20 })).map(([a, c, b]) => `${a}${c}${b}`);

const nested = (levels: number, leaf: unknown): unknown => {
  let value = leaf;
  for (let level = 0; level < levels; level += 1) value = level % 2 ? { x: value } : [value];
  return value;
};
// Up to 400 levels: JSON.stringify of this test's own request runs out of stack far deeper (5,000 levels are sent as text above).
const tooDeep = fc.integer({ min: MAX_JSON_DEPTH + 1, max: 400 }).map((levels) => nested(levels, 1));

/** Any JSON value: what a broken client may put in a field it does not poison. */
const junk = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
);

describe('bad input at the edge', () => {
  let system: TestSystem;
  let operations: Operation[];
  let schemas: Record<string, any>;
  let accountId: string;
  let appId: string;

  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: '2026-03-10T10:00:00+08:00' });
    accountId = (await anAccount(system).withCash('100.00').create()).id;
    const app = await answer(
      system.http.POST('/v1/apps', { body: { accountId, name: 'Probe', platform: 'android', region: 'ap-shanghai' } }),
    );
    expect(app.status).toBe(201);
    appId = app.data!.id;
    // A raw request: the document itself is not one of its operations.
    const doc = (await system.request('GET', '/docs/json')).body;
    schemas = doc.components.schemas;
    operations = Object.entries<any>(doc.paths).flatMap(([path, byMethod]) =>
      Object.entries<any>(byMethod).map(([method, op]) => ({
        method: method.toUpperCase() as Operation['method'],
        path,
        pathParams: (op.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name),
        query: Object.fromEntries((op.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => [p.name, p.schema ?? {}])),
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
      })),
    );
    expect(operations.length).toBeGreaterThan(40);
  });
  afterAll(async () => system.stop());

  /** Rows of every table: a refused request must leave each count as it was. */
  const rowCounts = async (): Promise<Record<string, number>> => {
    const tables = await system.prisma.$queryRaw<{ name: string }[]>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
        -- A refused write is still audited (SPEC 16): that row is the record of the refusal, not a half-written change.
        AND table_name <> 'audit_events'
      ORDER BY 1`;
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      const [row] = await system.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${name}"`);
      counts[name] = Number(row.n);
    }
    return counts;
  };

  // Raw requests: bodies, queries and paths the document does not allow, generated for any of its routes.
  const send = (method: string, url: string, body: unknown) =>
    system.api.inject({
      method: method as any,
      url,
      payload: body === undefined ? undefined : JSON.stringify(body),
      headers: {
        authorization: `Bearer ${system.adminKey}`,
        'idempotency-key': `k-${Math.random().toString(36).slice(2)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
    });

  describe('the inputs that once answered 500', () => {
    it.each([
      ['an ingest report dated 0000-01-01', 'reports', () => ({ reports: [{ appId, date: '0000-01-01', dau: 1 }] }), 'date'],
      ['a source holding a NUL', 'reports', () => ({ reports: [{ appId, date: '2026-03-01', dau: 1, source: 'gw\u0000' }] }), 'source'],
    ])('%s: that report alone is refused', async (_name, _part, body, field) => {
      const before = await rowCounts();
      const reply = await send('POST', '/v1/usage/dau', body());
      expect(reply.statusCode).toBe(200);
      expect(reply.json().results).toEqual([expect.objectContaining({ status: 'VALIDATION_FAILED', field })]);
      expect(await rowCounts()).toEqual(before);
    });

    it('GET ledger?from=0000-01-01 is 400 naming from', async () => {
      const reply = await send('GET', `/v1/accounts/${accountId}/ledger?from=0000-01-01`, undefined);
      expect(reply.statusCode).toBe(400);
      expect(reply.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'from' });
    });

    it('an account name with a NUL is 400 naming name, and no account is made', async () => {
      const before = await rowCounts();
      const reply = await send('POST', '/v1/accounts', { name: 'Acme\u0000' });
      expect(reply.statusCode).toBe(400);
      expect(reply.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'name' });
      expect(await rowCounts()).toEqual(before);
    });

    it('a body nested 5,000 levels deep is 400; 32 levels are still read', async () => {
      // Sent as text: JSON.stringify of a 5,000-level value runs out of stack.
      const deep = await system.api.inject({
        method: 'POST',
        url: '/v1/accounts',
        payload: `{"name":${'['.repeat(5000)}${']'.repeat(5000)}}`,
        headers: { authorization: `Bearer ${system.adminKey}`, 'content-type': 'application/json' },
      });
      expect(deep.statusCode).toBe(400);
      expect(deep.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body' });
      // 32 levels pass the edge and reach the route's own validation, which names the field.
      const edge = await send('POST', '/v1/accounts', { name: nested(MAX_JSON_DEPTH - 1, 'x') });
      expect(edge.statusCode).toBe(400);
      expect(edge.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'name' });
    });

    it('a body over 2 MiB is 413 PAYLOAD_TOO_LARGE', async () => {
      const reply = await send('POST', '/v1/accounts', { name: 'x'.repeat(2 * 1024 * 1024) });
      expect(reply.statusCode).toBe(413);
      expect(reply.json()).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    });

    it('a gift top-up above MAX_MONEY_AMOUNT is refused; exactly the maximum is accepted', async () => {
      const giant = await send('POST', `/v1/accounts/${accountId}/top-ups`, { amount: '99999999999999.00', kind: 'gift' });
      expect(giant.statusCode).toBe(400);
      expect(giant.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'amount', message: expect.stringContaining('10000000.00') });
      const most = await send('POST', `/v1/accounts/${accountId}/top-ups`, { amount: '10000000.00', kind: 'gift' });
      expect(most.statusCode).toBe(201);
      expect((await answer(system.http.GET('/v1/accounts/{id}', { params: { path: { id: accountId } } }))).data!.wallet.gift).toBe(
        '10000000.00',
      );
    });

    it('a clock advance to year 3000 is 400 naming to, and the clock stays', async () => {
      const reply = await send('POST', '/v1/clock/advance', { to: '3000-01-01T00:00:00+08:00' });
      expect(reply.statusCode).toBe(400);
      expect(reply.json()).toMatchObject({ field: 'to' });
      expect((await answer(system.http.GET('/v1/clock'))).data!.now).toBe('2026-03-10T02:00:00.000Z');
    });
  });

  /** A body for the schema with every field junk or a plausible value (its example), before it is poisoned. */
  const bodyFor = (schema: any): fc.Arbitrary<Record<string, unknown>> => {
    const resolved = schema?.$ref ? schemas[schema.$ref.split('/').pop()] : schema;
    const properties: Record<string, any> = resolved?.properties ?? {};
    const fields = Object.fromEntries(
      Object.entries(properties).map(([name, property]) => {
        const items: fc.Arbitrary<unknown> = property.items?.$ref ? bodyFor(property.items) : junk;
        const value: fc.Arbitrary<unknown> =
          property.type === 'array'
            ? fc.array(items, { minLength: 1, maxLength: 3 })
            : property.example !== undefined
              ? fc.oneof(fc.constant(property.example), junk)
              : junk;
        return [name, value];
      }),
    );
    return fc.record(fields, { requiredKeys: [] }) as fc.Arbitrary<Record<string, unknown>>;
  };

  /** Puts `value` at a random place of the body: a field of it, or a field of an item of one of its arrays. */
  const plant = (body: Record<string, unknown>, value: unknown, pick: number, onlyFields?: RegExp): Record<string, unknown> => {
    const spots: [Record<string, unknown>, string][] = [];
    const walk = (object: Record<string, unknown>) => {
      for (const [key, item] of Object.entries(object)) {
        if (!onlyFields || onlyFields.test(key)) spots.push([object, key]);
        if (Array.isArray(item))
          item.forEach((element) => element && typeof element === 'object' && walk(element as Record<string, unknown>));
      }
    };
    walk(body);
    if (!spots.length) return { ...body, [onlyFields ? 'unexpected' : 'extra']: value };
    const [object, key] = spots[pick % spots.length];
    object[key] = value;
    return body;
  };

  const DATE_FIELDS = /^(date|from|to|through|expiresOn|startsOn|chargedDay)$/;
  const MONEY_FIELDS = /^(amount|balanceAlertThreshold)$/;

  const badRequest = (op: Operation): fc.Arbitrary<BadRequest> =>
    fc
      .record({
        body: op.body ? bodyFor(op.body) : fc.constant(null),
        ids: fc.array(fc.oneof(fc.constantFrom(accountId, appId), fc.uuid(), fc.string({ maxLength: 40 })), { minLength: 2, maxLength: 2 }),
        query: fc.record(
          Object.fromEntries(Object.keys(op.query).map((name) => [name, fc.oneof(junk.map(String), fc.constant('2026-03-01'))])),
          { requiredKeys: [] },
        ),
        where: fc.constantFrom('body', 'query', 'path'),
        poison: fc.oneof(
          fc.record({ kind: fc.constant('control' as const), value: poisonedString }),
          fc.record({ kind: fc.constant('deep' as const), value: tooDeep }),
          fc.record({ kind: fc.constant('date' as const), value: BAD_DATE }),
          fc.record({ kind: fc.constant('money' as const), value: BAD_MONEY }),
        ),
        pick: fc.nat(),
      })
      .map(({ body, ids, query, where, poison, pick }) => {
        const params = [...ids];
        let url = op.path;
        const queryValues: Record<string, unknown> = { ...query };
        let sentBody: unknown = op.body ? body : undefined;
        const asString = poison.kind === 'control' || poison.kind === 'date';
        if (where === 'path' && op.pathParams.length && asString) {
          params[pick % op.pathParams.length] = String(poison.value);
        } else if (where === 'body' && op.body) {
          const only = poison.kind === 'date' ? DATE_FIELDS : poison.kind === 'money' ? MONEY_FIELDS : undefined;
          sentBody = plant(body!, poison.value, pick, only);
        } else if (poison.kind === 'date' && Object.keys(op.query).some((name) => DATE_FIELDS.test(name))) {
          const names = Object.keys(op.query).filter((name) => DATE_FIELDS.test(name));
          queryValues[names[pick % names.length]] = poison.value;
        } else {
          // Any route takes a query string: a control character (or a deep-looking value) in an unknown parameter.
          queryValues[`q${pick % 3}`] = poison.kind === 'control' ? poison.value : `${poison.value}\u0000`;
        }
        op.pathParams.forEach((name, index) => (url = url.replace(`{${name}}`, encodeURIComponent(params[index]))));
        const search = new URLSearchParams(
          Object.entries(queryValues).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
        ).toString();
        return { url: search ? `${url}?${search}` : url, body: sentBody, perItem: op.path === '/v1/usage/dau' && where === 'body' };
      });

  it('no generated bad body, query or path parameter of any route answers 5xx, or writes anything', async () => {
    const before = await rowCounts();
    const seen = new Set<string>();
    // Every route of the document, a few generated requests each.
    for (const op of operations) {
      const property = fc.asyncProperty(badRequest(op), async (request) => {
        seen.add(`${op.method} ${op.path}`);
        const reply = await send(op.method, request.url, request.body);
        const answer = reply.body ? reply.json() : undefined;
        const context = `${op.method} ${request.url} -> ${reply.statusCode} ${reply.body.slice(0, 300)}`;
        if (request.perItem && reply.statusCode === 200) {
          expect({
            context,
            statuses: answer.results.map((r: any) => r.status).filter((s: string) => s === 'accepted' || s === 'unchanged'),
          }).toEqual({ context, statuses: [] });
        } else {
          expect({ context, status: reply.statusCode >= 400 && reply.statusCode < 500 }).toEqual({ context, status: true });
          expect(answer).toMatchObject({ statusCode: reply.statusCode, code: expect.any(String), message: expect.any(String) });
        }
      });
      await fc.assert(property, { numRuns: 5 });
    }
    expect(await rowCounts()).toEqual(before);
    // Every route of the document was tried.
    expect([...seen].sort()).toEqual(operations.map((op) => `${op.method} ${op.path}`).sort());
  });
});
