import { answer, invalid } from '../support/api-client';
import { TestSystem } from '../support/system';

describe('POST /v1/quotes', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(async () => system.stop());

  const quote = (body: object) => answer(system.http.POST('/v1/quotes', { body: invalid(body) }));

  // SPEC.md 2.4, every row, through HTTP.
  it.each([
    [{ kind: 'prepaid', region: 'ap-guangzhou', units: 60, months: 12 }, '576000.00'],
    [{ kind: 'prepaid', region: 'ap-singapore', units: 10, months: 1 }, '4000.00'],
    [{ kind: 'payg', region: 'ap-guangzhou', dau: 500 }, '0.00'],
    [{ kind: 'payg', region: 'ap-guangzhou', dau: 40000 }, '128.00'],
    [{ kind: 'payg', region: 'ap-guangzhou', dau: 70000 }, '224.00'],
    [{ kind: 'payg', region: 'ap-singapore', dau: 500 }, '0.00'],
    [{ kind: 'payg', region: 'ap-singapore', dau: 40000 }, '60.80'],
    [{ kind: 'payg', region: 'ap-singapore', dau: 70000, chargedDay: 90 }, '106.40'],
    [{ kind: 'payg', region: 'ap-singapore', dau: 70000, chargedDay: 181 }, '85.12'],
    [{ kind: 'refund', type: 'standard', region: 'ap-guangzhou', units: 1, months: 1, usedDays: 10 }, '533.33'],
  ])('%j costs %s', async (body, amount) => {
    const reply = await quote(body);
    expect(reply).toMatchObject({ status: 200, data: { amount } });
    expect(reply.data && 'breakdown' in reply.data ? reply.data.breakdown : null).toMatchObject({ priceBookVersion: '2026-01' });
  });

  it('shows units, unit price, months, discount and version in the breakdown', async () => {
    const reply = await quote({ kind: 'prepaid', region: 'ap-hongkong', units: 200, months: 24 });
    expect(reply.data).toEqual({
      amount: '960000.00',
      breakdown: { priceBookVersion: '2026-01', region: 'ap-hongkong', units: 200, unitPrice: '400', months: 24, discount: '0.5' },
    });
  });

  it('prices a hypothetical upgrade prorated over the remaining days', async () => {
    // (2 - 1) units x 800 x 15 days / (365 / 12) = 394.5205... -> 394.52
    const reply = await quote({ kind: 'upgrade', region: 'ap-shanghai', fromUnits: 1, units: 2, months: 12, remainingDays: 15 });
    expect(reply).toMatchObject({ status: 200, data: { amount: '394.52' } });
  });

  it('returns the whole price for a hypothetical no-questions refund', async () => {
    const reply = await quote({ kind: 'refund', type: 'no-questions', region: 'ap-singapore', units: 10, months: 1 });
    expect(reply).toMatchObject({ status: 200, data: { amount: '4000.00' } });
  });

  it.each([
    [{ kind: 'prepaid', region: 'ap-guangzhou', units: 0, months: 1 }, 'units'],
    [{ kind: 'prepaid', region: 'ap-guangzhou', units: 1, months: 13 }, 'months'],
    [{ kind: 'prepaid', region: 'ap-tokyo', units: 1, months: 1 }, 'region'],
    [{ kind: 'payg', region: 'ap-guangzhou', dau: -1 }, 'dau'],
    [{ kind: 'payg', region: 'ap-guangzhou', dau: 1.5 }, 'dau'],
    [{ kind: 'prepaid', region: 'ap-guangzhou', units: 1, months: 1, colour: 'red' }, 'colour'],
    [{ kind: 'payg', region: 'ap-guangzhou', dau: 10, months: 1 }, 'months'],
    [{ kind: 'lease', region: 'ap-guangzhou' }, 'kind'],
    [{ kind: 'prepaid', region: 'ap-guangzhou', units: '1', months: 1 }, 'units'],
  ])('refuses %j naming %s', async (body, field) => {
    const reply = await quote(body);
    expect(reply.status).toBe(400);
    expect(reply.error).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', field });
    expect(reply.error?.message).toContain(field);
  });

  it('refuses a body that is not JSON', async () => {
    const reply = await answer(
      system.http.POST('/v1/quotes', {
        body: invalid('{"kind":'),
        bodySerializer: (text) => text as unknown as string,
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(reply).toMatchObject({ status: 400, error: { code: 'VALIDATION_FAILED' } });
  });
});
