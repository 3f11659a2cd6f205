import fc from 'fast-check';
import { addDays, billingDate, startOfBillingDay } from '../../apps/core/src/clock/calendar';
import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { movesBetween, sortMoves } from '../support/lifecycle-moves';
import { buyPrepaid, eventually } from '../support/prepaid';
import { answer } from '../support/api-client';
import { TestSystem } from '../support/system';

const TZ = 'Asia/Shanghai';

type AccountSpec =
  | { kind: 'prepaid'; autoRenew: boolean; extraCash: string; neverSuspend: boolean; expiresIn: number }
  | { kind: 'payg'; cash: string; neverSuspend: boolean; dau: number }
  | { kind: 'trial'; dau: number };

const prepaidSpec: fc.Arbitrary<AccountSpec> = fc.record({
  kind: fc.constant('prepaid' as const),
  autoRenew: fc.boolean(),
  extraCash: fc.constantFrom('0.00', '800.00'),
  neverSuspend: fc.boolean(),
  expiresIn: fc.integer({ min: 1, max: 5 }),
});

const accountSpec: fc.Arbitrary<AccountSpec> = fc.oneof(
  prepaidSpec,
  fc.record({
    kind: fc.constant('payg' as const),
    cash: fc.constantFrom('0.00', '100.00', '1000.00'),
    neverSuspend: fc.boolean(),
    dau: fc.constantFrom(500, 20_000, 50_000),
  }),
  fc.record({ kind: fc.constant('trial' as const), dau: fc.constantFrom(800, 1_500) }),
);

/**
 * Random accounts (prepaid with and without auto-renewal and money for it,
 * pay-as-you-go falling into arrears or not, never-suspend privileges, trials
 * cut off or not) are previewed, then the simulated clock runs the real jobs
 * through the same day: what they did is what the preview said, instant for instant.
 */
describe('lifecycle preview against the jobs', () => {
  let system: TestSystem;
  let ingestKey: string;
  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: '2026-05-10T12:00:00+08:00', worker: true });
    ingestKey = await system.newKey('ingest');
  });
  afterAll(async () => system.stop());

  async function build(spec: AccountSpec, today: string, n: number): Promise<{ accountId: string; appId: string }> {
    const builder = anAccount(system);
    if (spec.kind !== 'trial' && spec.neverSuspend) builder.neverSuspended();
    if (spec.kind === 'prepaid') builder.withCash('800.00');
    if (spec.kind === 'prepaid' && spec.extraCash !== '0.00') builder.withCash(spec.extraCash);
    if (spec.kind === 'payg' && spec.cash !== '0.00') builder.withCash(spec.cash);
    const { id: accountId } = await builder.create();
    const appId = (await anApplication(system).forAccount(accountId).named(`${spec.kind} ${n}`).create()).id;
    if (spec.kind === 'prepaid') {
      expect((await buyPrepaid(system, { accountId, appId, units: 1, months: 1, autoRenew: spec.autoRenew })).status).toBe(201);
      await eventually(async () =>
        expect((await answer(system.http.GET('/v1/apps/{id}', { params: { path: { id: appId } } }))).data!.state).toBe('active'),
      );
      await system.prisma.subscription.updateMany({
        where: { appId },
        data: { expiresOn: new Date(`${addDays(today, spec.expiresIn)}T00:00:00Z`) },
      });
      return { accountId, appId };
    }
    if (spec.kind === 'payg') {
      const order = await answer(
        system.http.POST('/v1/orders/payg', {
          params: { header: { 'Idempotency-Key': `property-${appId}` } },
          body: { accountId, appIds: [appId] },
        }),
      );
      expect(order.status).toBe(201);
    }
    const reported = await answer(
      system.as(ingestKey).POST('/v1/usage/dau', { body: { reports: [{ appId, date: today, dau: spec.dau }] } }),
    );
    expect(reported.status).toBe(200);
    return { accountId, appId };
  }

  it('predicts what the jobs then do', async () => {
    await fc.assert(
      // One prepaid account at least, expiring within 5 days: every run has moves to predict.
      fc.asyncProperty(
        prepaidSpec,
        fc.array(accountSpec, { minLength: 2, maxLength: 4 }),
        fc.integer({ min: 2, max: 4 }),
        async (first, others, days) => {
          const specs = [first, ...others];
          const now = new Date((await answer(system.http.GET('/v1/clock'))).data!.now);
          const today = billingDate(now, TZ);
          const built = [];
          for (const [n, spec] of specs.entries()) built.push(await build(spec, today, n));
          const through = addDays(today, days);
          const predicted = [];
          for (const { accountId, appId } of built) {
            const reply = await answer(system.http.GET('/v1/lifecycle/preview', { params: { query: { through, accountId } } }));
            expect(reply.status).toBe(200);
            predicted.push(
              ...reply.data!.events.filter((e) => e.appId === appId).map((e) => ({ at: e.at, appId: e.appId, action: e.action })),
            );
          }
          const start = new Date((await answer(system.http.GET('/v1/clock'))).data!.now);
          const end = new Date(startOfBillingDay(addDays(through, 1), TZ).getTime() - 60_000);
          expect((await answer(system.http.POST('/v1/clock/advance', { body: { to: end.toISOString() } }))).status).toBe(200);
          expect(predicted.length).toBeGreaterThan(0);
          expect(
            await movesBetween(
              system,
              built.map((b) => b.appId),
              start,
              end,
            ),
          ).toEqual(sortMoves(predicted));
        },
      ),
      { numRuns: 2, endOnFailure: true },
    );
  }, 900_000);
});
