import { generateSettlementData } from '../../bench/settlement/generate';
import { BuiltProcess, requireFreshBuild, startBuilt } from '../support/built-process';
import { expectMoneyInvariants, query, withDatabase } from '../support/faults';
import { TestSystem } from '../support/system';

const DAY = '2026-04-01';
const GRACE_MS = 8000;
/** Three chunks of 2,000 accounts: SIGTERM finds one running and others waiting. */
const ACCOUNTS = 4500;
const APPS_PER_ACCOUNT = 2;

/** SIGTERM of the worker during a settlement (SPEC 15): its job finishes, the rest is handed to the next worker, nothing is lost or doubled. */
describe('SIGTERM of the worker during a settlement', () => {
  let system: TestSystem;
  const started: BuiltProcess[] = [];

  beforeAll(async () => {
    requireFreshBuild();
    system = await TestSystem.start({ clockStart: `${DAY}T12:00:00+08:00` });
  });
  afterAll(async () => {
    for (const process of started) process.child.kill('SIGKILL');
    await Promise.all(started.map((process) => process.exited));
    await system.stop();
  });

  const worker = () => {
    const process = startBuilt('worker', { ...globalThis.process.env, SHUTDOWN_GRACE_MS: String(GRACE_MS) });
    started.push(process);
    return process;
  };

  it('lets the stopping worker finish its chunk and the next one settle the rest: every app billed once', async () => {
    await withDatabase(system.databaseUrl, (client) =>
      generateSettlementData(client, { accounts: ACCOUNTS, appsPerAccount: APPS_PER_ACCOUNT, day: DAY }),
    );
    const first = worker();
    const advance = system.request('POST', '/v1/clock/advance', { to: '2026-04-02T06:05:00+08:00' });
    // The settlement is under way once its plan is saved: stop the worker then.
    const deadline = Date.now() + 90_000;
    while (!(await query(system.databaseUrl, `SELECT 1 FROM settlement_chunks WHERE day = $1`, [DAY])).length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const terminatedAt = Date.now();
    first.child.kill('SIGTERM');
    const exitCode = await first.exited;
    const exitedAfterMs = Date.now() - terminatedAt;
    worker();

    expect((await advance).status).toBe(200);
    expect({ exitCode, withinGrace: exitedAfterMs < GRACE_MS }).toEqual({ exitCode: 0, withinGrace: true });
    const [bills] = await query<{ n: number; apps: number }>(
      system.databaseUrl,
      `SELECT count(*)::int AS n, count(DISTINCT app_id)::int AS apps FROM payg_bills WHERE day = $1`,
      [DAY],
    );
    const closed = await query(system.databaseUrl, `SELECT 1 FROM settlement_days WHERE day = $1`, [DAY]);
    expect({ ...bills, closed: closed.length }).toEqual({ n: ACCOUNTS * APPS_PER_ACCOUNT, apps: ACCOUNTS * APPS_PER_ACCOUNT, closed: 1 });
    await expectMoneyInvariants(system.databaseUrl);
  });
});
