import { SettlementService } from '../../apps/core/src/settlement/settlement.service';
import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { TestSystem } from '../support/system';
import { answer } from '../support/api-client';

/** The settlement's own guarantees, driven directly (no queue): order, catch-up, exactly once. */
describe('settling pay-as-you-go days', () => {
  let system: TestSystem;
  let settlement: SettlementService;
  let accountId: string;
  let appId: string;
  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: '2026-05-10T08:00:00+08:00' });
    settlement = system.api.get(SettlementService);
    accountId = (await anAccount(system).withCash('1000.00').create()).id;
    // Activated before the days settled below, with 2,000 DAU every day: 32.00 a day.
    appId = (
      await anApplication(system)
        .forAccount(accountId)
        .inRegion('ap-guangzhou')
        .onPaygSince('2026-05-01T00:00:00+08:00')
        .withDau(2000, ['2026-05-05', '2026-05-06', '2026-05-07', '2026-05-08', '2026-05-09'])
        .create()
    ).id;
  });
  afterAll(async () => system.stop());

  const closedDays = async () =>
    (await system.prisma.settlementDay.findMany({ orderBy: { day: 'asc' } })).map((row) => row.day.toISOString().slice(0, 10));
  const bills = async () =>
    (await system.prisma.paygBill.findMany({ where: { appId }, orderBy: { day: 'asc' } })).map((b) => [
      b.day.toISOString().slice(0, 10),
      b.chargedDay,
      b.amount.toString(),
    ]);

  it('closes the target day on the first run, then catches up every missed day in order', async () => {
    expect(await settlement.settleThrough('2026-05-05')).toEqual(['2026-05-05']);
    expect(await settlement.settleThrough('2026-05-08')).toEqual(['2026-05-06', '2026-05-07', '2026-05-08']);
    expect(await closedDays()).toEqual(['2026-05-05', '2026-05-06', '2026-05-07', '2026-05-08']);
    expect(await bills()).toEqual([
      ['2026-05-05', 1, '32'],
      ['2026-05-06', 2, '32'],
      ['2026-05-07', 3, '32'],
      ['2026-05-08', 4, '32'],
    ]);
    expect(await settlement.isDayClosed('2026-05-07')).toBe(true);
    expect(await settlement.isDayClosed('2026-05-09')).toBe(false);
  });

  it('charges once when run twice, or by two workers at once', async () => {
    await Promise.all([settlement.settleThrough('2026-05-09'), settlement.settleThrough('2026-05-09')]);
    await settlement.settleThrough('2026-05-09');
    expect(await closedDays()).toEqual(['2026-05-05', '2026-05-06', '2026-05-07', '2026-05-08', '2026-05-09']);
    expect((await bills()).slice(-1)).toEqual([['2026-05-09', 5, '32']]);
    const payments = await system.prisma.ledgerTransaction.count({ where: { accountId, kind: 'payment' } });
    expect(payments).toBe(5);
    expect((await answer(system.http.GET('/v1/accounts/{id}', { params: { path: { id: accountId } } }))).data!.wallet).toMatchObject({
      cash: '840.00',
    });
  });
});
