import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Client } from 'pg';
import { jobId } from '../../apps/core/src/queue/queues';
import { SettlementService } from '../../apps/core/src/settlement/settlement.service';
import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { buyPrepaid, eventually } from '../support/prepaid';
import { answer } from '../support/api-client';
import { TestSystem } from '../support/system';
import { TcpProxy } from '../support/tcp-proxy';

/** Short retries where the point is not the delay itself: two attempts, 100 ms apart. */
const SHORT_RETRIES = { JOB_RETRY_ATTEMPTS: '2', JOB_RETRY_FIRST_DELAY_MS: '100', JOB_RETRY_MAX_DELAY_MS: '200' };

/** Daily settlement that fails for good on a real lock wait, re-driven by the next hourly tick; the clock's advance reports it. */
describe('settlement that fails for good is re-driven by the next hourly tick', () => {
  const DAY = '2026-05-10';
  let system: TestSystem;
  let worker: INestApplicationContext;
  let accountId: string;
  let appId: string;
  let holder: Client;

  beforeAll(async () => {
    system = await TestSystem.start({
      clockStart: '2026-05-10T08:00:00+08:00',
      env: { ...SHORT_RETRIES, DB_LOCK_TIMEOUT_MS: '300' },
    });
    worker = await system.startWorker();
    accountId = (await anAccount(system).withCash('1000.00').create()).id;
    // 2,000 DAU: 32.00 for the day.
    appId = (
      await anApplication(system)
        .forAccount(accountId)
        .inRegion('ap-guangzhou')
        .onPaygSince('2026-05-01T00:00:00+08:00')
        .withDau(2000, [DAY])
        .create()
    ).id;
    holder = new Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
  }, 30_000);
  afterAll(async () => {
    await holder.end();
    await system.stop();
  });

  const settlementQueue = () => system.api.get<Queue>(getQueueToken('settlement'));
  const advance = (to: string) => system.http.POST('/v1/clock/advance', { body: { to } });
  const billed = async () => ({
    bills: await system.prisma.paygBill.count({ where: { appId, day: new Date(`${DAY}T00:00:00Z`) } }),
    payments: await system.prisma.ledgerTransaction.count({ where: { accountId, kind: 'payment' } }),
    closed: await system.prisma.settlementDay.count({ where: { day: new Date(`${DAY}T00:00:00Z`) } }),
  });

  it('answers the advance with the failed chunk at once, and leaves the clock at that tick', async () => {
    expect((await advance('2026-05-11T05:30:00+08:00')).response.status).toBe(200);
    // The test holds the account's wallet: the chunk's charge waits for it past lock_timeout, every attempt.
    await holder.query('BEGIN');
    await holder.query('SELECT * FROM wallets WHERE account_id = $1 FOR UPDATE', [accountId]);

    const started = Date.now();
    const { response, error } = await advance('2026-05-11T09:00:00+08:00');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(response.status).toBe(409);
    expect(error).toMatchObject({
      code: 'INVALID_STATE',
      message: `scheduled job settlement-daily due 2026-05-10T22:00:00.000Z failed: settlement.settle-chunk (${jobId('settle-chunk', DAY, 0)}): canceling statement due to lock timeout`,
    });
    expect((await system.http.GET('/v1/clock')).data!.now).toBe('2026-05-10T22:00:00.000Z');

    // Its retries spent, the chunk failed for good and its day's close waits on it.
    const chunk = await eventually(async () => {
      const job = (await settlementQueue().getJob(jobId('settle-chunk', DAY, 0)))!;
      expect(await job.getState()).toBe('failed');
      return job;
    });
    expect(chunk.attemptsMade).toBe(2);
    expect(await (await settlementQueue().getJob(jobId('close-day', DAY)))!.getState()).toBe('waiting-children');
    expect(await billed()).toEqual({ bills: 0, payments: 0, closed: 0 });
  }, 30_000);

  it('bills the day once when the next hourly tick re-drives the chunk', async () => {
    await holder.query('ROLLBACK');
    const { response, data } = await advance('2026-05-11T07:00:00+08:00');
    expect(response.status).toBe(200);
    expect(data!.ran.map((run) => run.scheduleId)).toContain('arrears-sweep');
    expect(await billed()).toEqual({ bills: 1, payments: 1, closed: 1 });
    expect((await system.request('GET', `/v1/accounts/${accountId}`)).body.wallet).toMatchObject({ cash: '968.00' });
    expect(await (await settlementQueue().getJob(jobId('close-day', DAY)))!.getState()).toBe('completed');
  }, 30_000);

  it('writes nothing and does not fail when a committed chunk runs again', async () => {
    const before = await billed();
    const entries = await system.prisma.ledgerEntry.count();
    await expect(worker.get(SettlementService).settleChunk(DAY, 0)).resolves.toBe(0);
    // And through the queue, as a re-drive or a stalled job's second run would.
    const again = await settlementQueue().add('settlement.settle-chunk', { day: DAY, chunkNo: 0 }, { jobId: `rerun-${randomUUID()}` });
    await eventually(async () => expect(await again.getState()).toBe('completed'));
    expect((await settlementQueue().getJob(again.id!))!.returnvalue).toBe(0);
    expect(await billed()).toEqual(before);
    expect(await system.prisma.ledgerEntry.count()).toBe(entries);
  }, 30_000);
});

/** A commit's follow-up job, written in the outbox while Redis is away, reaches its queue when Redis is back. */
describe('the job outbox across a Redis outage', () => {
  const redisUrl = process.env.REDIS_URL!;
  let proxy: TcpProxy;
  let system: TestSystem;

  beforeAll(async () => {
    proxy = await TcpProxy.to(redisUrl);
    system = await TestSystem.start({
      clockStart: '2026-05-10T09:00:00+08:00',
      worker: true,
      env: { REDIS_URL: proxy.url(redisUrl), OUTBOX_SWEEP_MS: '200', OUTBOX_ENQUEUE_TIMEOUT_MS: '300' },
    });
  }, 30_000);
  afterAll(async () => {
    await system.stop();
    await proxy.close();
    process.env.REDIS_URL = redisUrl;
  });

  it('pays a purchase while Redis is down, keeps its provisioning job in Postgres, and provisions once Redis is back', async () => {
    const buyer = await anAccount(system).withCash('1000.00').create();
    const app = await anApplication(system).forAccount(buyer.id).inRegion('ap-guangzhou').create();

    await proxy.cut('refuse');
    const started = Date.now();
    const reply = await buyPrepaid(system, { accountId: buyer.id, appId: app.id, units: 1, months: 1 });
    expect(reply.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(5000);
    const outbox = () => system.prisma.jobOutbox.findMany({ select: { queue: true, name: true, jobId: true } });
    expect(await outbox()).toEqual([{ queue: 'prepaid', name: 'prepaid.provision', jobId: jobId('provision', reply.data!.id) }]);
    // Several relay runs find Redis away in the meantime: the row stays, the app waits in deploying.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await outbox()).toHaveLength(1);
    expect((await answer(system.http.GET('/v1/apps/{id}', { params: { path: { id: app.id } } }))).data!.state).toBe('deploying');

    await proxy.restore();
    await eventually(
      async () =>
        expect(
          (await answer(system.http.GET('/v1/orders/{id}', { params: { path: { id: reply.data!.id } } }))).data!.provisioning,
        ).toMatchObject({
          status: 'done',
          attempts: 1,
        }),
      30_000,
    );
    expect((await system.request('GET', `/v1/apps/${app.id}`)).body.state).toBe('active');
    expect(await outbox()).toEqual([]);
  }, 60_000);
});
