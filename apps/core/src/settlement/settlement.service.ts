import { InjectFlowProducer, InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FlowProducer, Queue } from 'bullmq';
import { addDays, startOfBillingDay } from '../clock/calendar';
import { LedgerBulkService } from '../ledger/ledger-bulk.service';
import { NotificationDispatcher } from '../notifications/notification-dispatcher';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { PriceBookService } from '../pricing/price-book.service';
import { UnitOfWork } from '../prisma/unit-of-work';
import { FLOW_PRODUCER, jobId } from '../queue/queues';
import { retryOptions } from '../queue/retry-schedule';
import { Chunk, PaygSettlementRepository } from './payg-settlement.repository';
import { SettlementRepository } from './settlement.repository';
import { chargeAccounts, daysToSettle, lastSettleableDay, planChunks, priceBills } from './settlement.rules';
import { JOBS } from '../queue/jobs';

/** Accounts per chunk: ~10 apps each, so a chunk is a few tens of thousands of bills in one transaction. */
const DEFAULT_CHUNK_ACCOUNTS = 2000;

/**
 * The 06:00 pay-as-you-go settlement (SPEC.md 7). Days are settled strictly in
 * order (the loyalty counter depends on it): a day is planned into chunks of
 * accounts, each chunk is one job and one transaction, and the day closes when
 * every chunk is done; closing a day starts the next one if it is due.
 */
@Injectable()
export class SettlementService {
  private readonly logger = new Logger(SettlementService.name);

  constructor(
    private readonly days: SettlementRepository,
    private readonly payg: PaygSettlementRepository,
    private readonly ledger: LedgerBulkService,
    private readonly uow: UnitOfWork,
    private readonly priceBooks: PriceBookService,
    private readonly clock: Clock,
    private readonly dispatcher: NotificationDispatcher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue('settlement') private readonly queue: Queue,
    @InjectFlowProducer(FLOW_PRODUCER) private readonly flows: FlowProducer,
  ) {}

  /** The 06:00 tick: starts the oldest day not yet settled, if its time has come (catching up missed days). */
  async enqueueDue(): Promise<string | null> {
    const next = await this.nextDueDay();
    if (next) await this.enqueueDay(next);
    return next;
  }

  async isDayClosed(day: string): Promise<boolean> {
    return this.days.isClosed(day);
  }

  /** The settle-day job: plans the day and enqueues its chunks under a parent job that closes it. */
  async settleDay(day: string): Promise<number> {
    if (await this.days.isClosed(day)) return 0;
    const chunks = await this.planDay(day);
    // A flow's jobs do not take the queue's default options: they get the retry schedule here.
    const retry = retryOptions(this.config.jobRetry);
    await this.flows.add({
      name: JOBS.settlement.closeDay,
      queueName: 'settlement',
      data: { day },
      opts: { jobId: jobId('close-day', day), ...retry },
      children: chunks.map((chunk) => ({
        name: JOBS.settlement.settleChunk,
        queueName: 'settlement',
        data: { day, chunkNo: chunk.chunkNo },
        opts: { jobId: jobId('settle-chunk', day, chunk.chunkNo), ...retry },
      })),
    });
    return chunks.length;
  }

  /**
   * Settles every pending day through `target` in this process, without the
   * queues (operators' catch-up, tests, benchmarks): the same plan, chunks and
   * closing as the jobs.
   */
  async settleThrough(target: string, chunkAccounts = DEFAULT_CHUNK_ACCOUNTS): Promise<string[]> {
    const settled: string[] = [];
    for (const day of daysToSettle(await this.days.lastClosedDay(), target)) {
      for (const chunk of await this.planDay(day, chunkAccounts)) await this.settleChunk(day, chunk.chunkNo);
      await this.close(day);
      settled.push(day);
    }
    return settled;
  }

  /** Plans a day once; a rerun (after a crash, or on a second worker) reuses the saved plan. */
  private async planDay(day: string, chunkAccounts = DEFAULT_CHUNK_ACCOUNTS): Promise<Chunk[]> {
    const previous = await this.days.lastClosedDay();
    if (previous && addDays(previous, 1) !== day) {
      throw new Error(`cannot settle ${day} before ${addDays(previous, 1)}`);
    }
    return this.uow.bulk(async (client) => {
      await this.payg.lockPlan(client, day);
      const existing = await this.payg.existingPlan(client, day);
      if (existing.length) return existing;
      const plan = planChunks(await this.payg.billableAccountIds(client, startOfBillingDay(day, this.config.billingTz)), chunkAccounts).map(
        (range, chunkNo) => ({
          chunkNo,
          afterId: range.after,
          upToId: range.upTo,
          settled: false,
        }),
      );
      await this.payg.savePlan(client, day, plan);
      return plan;
    });
  }

  /**
   * One chunk in one transaction. A chunk already settled (a retry after a
   * commit whose answer was lost, a re-drive, a second worker) is left as it
   * is: running it again writes nothing and does not fail.
   */
  async settleChunk(day: string, chunkNo: number): Promise<number> {
    const book = await this.priceBooks.effectiveOn(day);
    const dayStart = startOfBillingDay(day, this.config.billingTz);
    const dayEnd = startOfBillingDay(addDays(day, 1), this.config.billingTz);
    const at = this.clock.now();
    const billed = await this.uow.bulk(async (client) => {
      await this.payg.lockChunk(client, day, chunkNo);
      const chunk = (await this.payg.existingPlan(client, day)).find((c) => c.chunkNo === chunkNo);
      if (!chunk) throw new Error(`no chunk ${chunkNo} in the plan of ${day}`);
      if (chunk.settled) return null;
      const apps = await this.payg.billableApps(client, day, chunk, dayStart, dayEnd);
      const bills = priceBills(book, apps);
      const charged = [...new Set(bills.filter((b) => !b.amount.isZero()).map((b) => b.accountId))];
      const charges = chargeAccounts(bills, await this.ledger.lockGiftBalances(client, charged));
      const transactionIds = await this.ledger.charge(client, { day, charges, at });
      await this.payg.writeBills(client, { day, bills, transactionIds, priceBookVersion: book.version, at });
      await this.payg.markChunkSettled(client, day, chunkNo, bills.length, at);
      return bills.length;
    });
    if (billed === null) return 0;
    this.logger.log({ msg: 'settlement chunk done', day, chunkNo, bills: billed });
    // Bills feed webhooks and the charge may have raised arrears notices or balance alerts.
    await this.dispatcher.kick();
    return billed;
  }

  /** Runs when every chunk of the day is done: closes the day to ingest and starts the next due day. */
  async closeDay(day: string): Promise<string | null> {
    await this.close(day);
    return this.enqueueDue();
  }

  private async close(day: string): Promise<void> {
    const open = await this.uow.bulk((client) => this.payg.unsettledChunks(client, day));
    if (open > 0) throw new Error(`${open} chunks of ${day} are not settled yet`);
    await this.days.close(day, this.clock.now());
    this.logger.log({ msg: 'day settled', day });
  }

  private async nextDueDay(): Promise<string | null> {
    const due = lastSettleableDay(this.clock.now(), this.config.billingTz);
    const last = await this.days.lastClosedDay();
    const next = last ? addDays(last, 1) : due;
    return next <= due ? next : null;
  }

  /** A settle-day job that failed for good is retried rather than blocking every later day. */
  private async enqueueDay(day: string): Promise<void> {
    const id = jobId('settle-day', day);
    const existing = await this.queue.getJob(id);
    if (existing && (await existing.isFailed())) {
      await existing.retry();
      return;
    }
    await this.queue.add(JOBS.settlement.settleDay, { day }, { jobId: id });
  }
}
