import { addDays } from '../../apps/core/src/clock/calendar';
import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { buyPrepaid } from '../support/prepaid';
import { answer, invalid, Schemas } from '../support/api-client';
import { TestSystem } from '../support/system';

const FIRST_DAY = '2026-03-01';

describe('plan advice', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: `${FIRST_DAY}T12:00:00+08:00`, worker: true });
  });
  afterAll(async () => system.stop());

  /** POST /v1/quotes; `advice` is the answer of kind advice (the route's other answer is a price quote). */
  const quote = async (body: Schemas['QuoteDto']) => {
    const reply = await answer(system.http.POST('/v1/quotes', { body }));
    return { ...reply, advice: reply.data && 'recommendation' in reply.data ? reply.data : undefined };
  };
  const days = (n: number, dau: number) => Array.from({ length: n }, () => dau);
  type Option = Schemas['AdviceOptionDto'];
  const option = (advice: Schemas['PlanAdviceDto'], match: Partial<Option>) =>
    advice.options.find((o) => Object.entries(match).every(([k, v]) => o[k as keyof Option] === v))!;

  describe('POST /v1/quotes {kind: "advice"}', () => {
    it('steady 50,000 DAU domestic: prepaid 5 units, 4,000.00 against 4,800.00 pay-as-you-go', async () => {
      const reply = await quote({ kind: 'advice', region: 'ap-guangzhou', dailyDau: days(30, 50_000) });
      expect(reply.status).toBe(200);
      expect(reply.advice!.basis).toEqual({
        days: 30,
        peakDau: 50_000,
        averageDau: 50_000,
        seriesMonths: 1,
        chargedDaysBefore: 0,
        priceBookVersion: '2026-01',
        region: 'ap-guangzhou',
      });
      expect(option(reply.advice!, { plan: 'payg' })).toEqual({ plan: 'payg', cost: '4800.00', throttledDays: 0 });
      expect(option(reply.advice!, { plan: 'prepaid', months: 1 })).toEqual({
        plan: 'prepaid',
        units: 5,
        months: 1,
        purchases: 1,
        cost: '4000.00',
        throttledDays: 0,
      });
      // 12 months of 5 units: 48,000.00, one purchase
      expect(option(reply.advice!, { plan: 'prepaid', months: 12 })).toMatchObject({ units: 5, cost: '48000.00' });
      expect(reply.advice!.recommendation).toEqual({
        plan: 'prepaid',
        units: 5,
        months: 1,
        purchases: 1,
        cost: '4000.00',
        throttledDays: 0,
        savings: '800.00',
        savingsAgainst: { plan: 'payg', cost: '4800.00' },
      });
    });

    it('three days at 50,000 and 27 at 500: pay-as-you-go at 480.00; one unit would be throttled three days', async () => {
      const reply = await quote({ kind: 'advice', region: 'ap-shanghai', dailyDau: [...days(3, 50_000), ...days(27, 500)] });
      expect(reply.advice!.basis).toMatchObject({ days: 30, peakDau: 50_000, averageDau: 5_450 });
      expect(option(reply.advice!, { plan: 'prepaid', units: 1 })).toEqual({
        plan: 'prepaid',
        units: 1,
        months: 1,
        purchases: 1,
        cost: '800.00',
        throttledDays: 3,
      });
      expect(reply.advice!.recommendation).toMatchObject({ plan: 'payg', cost: '480.00', throttledDays: 0, savings: '0.00' });
    });

    it('an overseas region uses its discount table: 50 units at 0.9 are cheaper than the 48 the peak needs', async () => {
      // 48 x 400 = 19,200.00; 50 x 400 x 0.9 = 18,000.00; payg 30 x 0.00152 x 480,000 = 21,888.00
      const reply = await quote({ kind: 'advice', region: 'ap-hongkong', dailyDau: days(30, 480_000) });
      expect(option(reply.advice!, { plan: 'payg' }).cost).toBe('21888.00');
      expect(reply.advice!.recommendation).toMatchObject({ plan: 'prepaid', units: 50, months: 1, cost: '18000.00', savings: '3888.00' });
    });

    it('starts pay-as-you-go from the given loyalty counter', async () => {
      // Charged days 181..187 at 0.8: 7 x 0.00152 x 70,000 x 0.8 = 7 x 85.12 = 595.84
      const reply = await quote({ kind: 'advice', region: 'ap-singapore', dailyDau: days(7, 70_000), chargedDays: 180 });
      expect(option(reply.advice!, { plan: 'payg' }).cost).toBe('595.84');
    });

    it.each([
      [{ kind: 'advice', region: 'ap-guangzhou', dailyDau: days(6, 10) }, 'dailyDau'],
      [{ kind: 'advice', region: 'ap-guangzhou', dailyDau: days(367, 10) }, 'dailyDau'],
      [{ kind: 'advice', region: 'ap-guangzhou', dailyDau: [...days(7, 10), -5] }, 'dailyDau'],
      [{ kind: 'advice', region: 'ap-guangzhou', dailyDau: 'lots' }, 'dailyDau'],
      [{ kind: 'advice', region: 'ap-tokyo', dailyDau: days(7, 10) }, 'region'],
      [{ kind: 'advice', region: 'ap-guangzhou', dailyDau: days(7, 10), units: 3 }, 'units'],
    ])('refuses %# naming the field', async (body, field) => {
      const reply = await quote(invalid(body));
      expect(reply.status).toBe(400);
      expect(reply.error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    });
  });

  describe('GET /v1/apps/:id/plan-advice', () => {
    // Seven days (each one a real day of the simulated calendar, so kept short): a pay-as-you-go app at 50,000,
    // a prepaid app of 5 units at 5,000 and a trial app at 400.
    const apps: Record<'payg' | 'prepaid' | 'quiet', string> = {} as any;
    const DAU = { payg: 50_000, prepaid: 5_000, quiet: 400 };

    beforeAll(async () => {
      const { id: accountId } = await anAccount(system).withCash('100000.00').create();
      for (const name of ['payg', 'prepaid', 'quiet'] as const)
        apps[name] = (await anApplication(system).forAccount(accountId).named(name).create()).id;
      const payg = await answer(
        system.http.POST('/v1/orders/payg', {
          params: { header: { 'Idempotency-Key': 'advice-payg' } },
          body: { accountId, appIds: [apps.payg] },
        }),
      );
      expect(payg.status).toBe(201);
      expect((await buyPrepaid(system, { accountId, appId: apps.prepaid, units: 5, months: 1 })).status).toBe(201);
      const ingestKey = await system.newKey('ingest');
      for (let day = 0; day < 7; day += 1) {
        const date = addDays(FIRST_DAY, day);
        const reports = (Object.keys(apps) as (keyof typeof apps)[]).map((name) => ({ appId: apps[name], date, dau: DAU[name] }));
        expect((await answer(system.as(ingestKey).POST('/v1/usage/dau', { body: { reports } }))).status).toBe(200);
        expect((await answer(system.http.POST('/v1/clock/advance', { body: { to: `${addDays(date, 1)}T12:00:00+08:00` } }))).status).toBe(
          200,
        );
      }
    }, 600_000);

    const advice = (id: string, query: { days?: number } = {}) =>
      answer(system.http.GET('/v1/apps/{id}/plan-advice', { params: { path: { id }, query } }));

    it("prices a pay-as-you-go app's closed days from its loyalty counter: staying is cheapest over a week", async () => {
      const reply = await advice(apps.payg, { days: 7 });
      expect(reply.status).toBe(200);
      expect(reply.data!.period).toEqual({ from: FIRST_DAY, to: '2026-03-07' });
      // Settlement billed 7 charged days already: the counter is 7 (domestic prices have no loyalty discount).
      expect(reply.data!.basis).toMatchObject({ days: 7, peakDau: 50_000, averageDau: 50_000, seriesMonths: 1, chargedDaysBefore: 7 });
      // 7 x 0.0032 x 50,000 = 1,120.00 against one month of 5 units, 4,000.00
      expect(option(reply.data!, { plan: 'prepaid', months: 1 })).toMatchObject({ units: 5, cost: '4000.00', throttledDays: 0 });
      expect(reply.data!.recommendation).toMatchObject({
        plan: 'payg',
        cost: '1120.00',
        savings: '0.00',
        savingsAgainst: { plan: 'payg', cost: '1120.00' },
      });
    });

    it('measures a prepaid app against its own plan: 5 units for 5,000 DAU cost 4,000.00 where pay-as-you-go costs 224.00', async () => {
      const reply = await advice(apps.prepaid, { days: 7 });
      // 1 unit covers 5,000: 800.00; pay-as-you-go: 7 x 32.00 = 224.00
      expect(option(reply.data!, { plan: 'prepaid', months: 1 })).toMatchObject({ units: 1, cost: '800.00' });
      expect(reply.data!.recommendation).toMatchObject({
        plan: 'payg',
        cost: '224.00',
        savings: '3776.00',
        savingsAgainst: { plan: 'prepaid', units: 5, months: 1, cost: '4000.00' },
      });
    });

    it("starts at the app's creation when it is younger than the look-back, and leaves a quiet trial app on its trial", async () => {
      const reply = await advice(apps.quiet);
      expect(reply.data!.period).toEqual({ from: FIRST_DAY, to: '2026-03-07' });
      expect(reply.data!.options[0]).toEqual({ plan: 'trial', cost: '0.00', throttledDays: 0 });
      expect(reply.data!.recommendation).toMatchObject({
        plan: 'trial',
        cost: '0.00',
        savings: '0.00',
        savingsAgainst: { plan: 'trial', cost: '0.00' },
      });
    });

    it('refuses a look-back outside 7..366 days, an app too young for it, and an unknown app', async () => {
      expect(await advice(apps.payg, { days: 6 })).toMatchObject({ status: 400, error: { code: 'VALIDATION_FAILED', field: 'days' } });
      expect(await advice(apps.payg, { days: invalid('abc') })).toMatchObject({ status: 400, error: { field: 'days' } });
      const young = await anApplication(system).create();
      expect(await advice(young.id)).toMatchObject({ status: 409, error: { code: 'INVALID_STATE' } });
      expect(await advice('0d9d7c3e-2f7e-4a55-9d4a-6f8a3e0b9c11')).toMatchObject({ status: 404 });
    });
  });
});
