import { SettlementService } from '../../apps/core/src/settlement/settlement.service';
import { TestSystem } from '../support/system';

describe('closing settlement days', () => {
  let system: TestSystem;
  let settlement: SettlementService;
  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: '2026-05-10T08:00:00+08:00' });
    settlement = system.api.get(SettlementService);
  });
  afterAll(async () => system.stop());

  const closedDays = async () =>
    (await system.prisma.settlementDay.findMany({ orderBy: { day: 'asc' } })).map((row) => row.day.toISOString().slice(0, 10));

  it('closes the target day on the first run, then catches up every missed day in order', async () => {
    expect(await settlement.settleThrough('2026-05-05')).toEqual(['2026-05-05']);
    expect(await settlement.settleThrough('2026-05-08')).toEqual(['2026-05-06', '2026-05-07', '2026-05-08']);
    expect(await closedDays()).toEqual(['2026-05-05', '2026-05-06', '2026-05-07', '2026-05-08']);
    expect(await settlement.isDayClosed('2026-05-07')).toBe(true);
    expect(await settlement.isDayClosed('2026-05-09')).toBe(false);
  });

  it('changes nothing when run twice, or by two workers at once', async () => {
    const [a, b] = await Promise.all([settlement.settleThrough('2026-05-09'), settlement.settleThrough('2026-05-09')]);
    expect([...a, ...b]).toContain('2026-05-09');
    await settlement.settleThrough('2026-05-09');
    expect(await closedDays()).toEqual(['2026-05-05', '2026-05-06', '2026-05-07', '2026-05-08', '2026-05-09']);
  });
});
