import { randomBytes } from 'node:crypto';
import { Job, Queue, QueueEvents, Worker } from 'bullmq';
import { SystemClock } from '../../apps/core/src/clock/clock';
import { DomainError } from '../../apps/core/src/errors/domain-error';
import { JOBS } from '../../apps/core/src/queue/jobs';
import { redisConnection } from '../../apps/core/src/queue/queues';
import { ClockedProcessor, JobHandlers } from '../../apps/worker/src/scheduling/clocked-processor';

/** What the base of every processor makes of a handler's failure, on a real BullMQ queue in Redis. */
class ProbeProcessor extends ClockedProcessor<'webhooks'> {
  protected readonly clock = new SystemClock();
  runs = new Map<string, number>();
  protected readonly handlers: JobHandlers<'webhooks'> = {
    [JOBS.webhooks.deliver]: async (job) => {
      this.runs.set(job.data.deliveryId, (this.runs.get(job.data.deliveryId) ?? 0) + 1);
      if (job.data.deliveryId === 'refused') throw new DomainError('INVALID_STATE', 'delivery refused is cancelled');
      if (job.data.deliveryId === 'flaky') throw new Error('connection reset');
      return 'sent';
    },
  };
}

describe('processor base: DomainError is unrecoverable, other errors are retried', () => {
  const connection = redisConnection(process.env.REDIS_URL!);
  const prefix = `pbtest-processor-${randomBytes(4).toString('hex')}`;
  const probe = new ProbeProcessor();
  let queue: Queue;
  let events: QueueEvents;
  let worker: Worker;

  beforeAll(async () => {
    queue = new Queue('webhooks', { connection, prefix });
    events = new QueueEvents('webhooks', { connection, prefix });
    await events.waitUntilReady();
    worker = new Worker('webhooks', (job: Job) => probe.process(job), { connection, prefix, concurrency: 2 });
    await worker.waitUntilReady();
  });
  afterAll(async () => {
    await worker.close();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
  });

  const run = async (deliveryId: string) => {
    const job = await queue.add(JOBS.webhooks.deliver, { deliveryId }, { attempts: 3, backoff: { type: 'fixed', delay: 10 } });
    await job.waitUntilFinished(events).catch(() => undefined);
    return (await Job.fromId(queue, job.id!))!;
  };

  it('fails a job whose handler throws a DomainError at once, with its code in the reason', async () => {
    const job = await run('refused');
    expect(await job.getState()).toBe('failed');
    expect(job.failedReason).toBe('INVALID_STATE: delivery refused is cancelled');
    expect(probe.runs.get('refused')).toBe(1);
  });

  it('retries a job whose handler throws any other error, up to its attempts', async () => {
    const job = await run('flaky');
    expect(await job.getState()).toBe('failed');
    expect(job.failedReason).toBe('connection reset');
    expect(probe.runs.get('flaky')).toBe(3);
  });

  it('completes a job whose handler succeeds, and fails a job of an unknown name without retrying it', async () => {
    expect((await run('ok')).returnvalue).toBe('sent');
    const unknown = await queue.add('webhooks.unknown', { deliveryId: 'x' }, { attempts: 3 });
    await unknown.waitUntilFinished(events).catch(() => undefined);
    const failed = (await Job.fromId(queue, unknown.id!))!;
    expect(failed.failedReason).toBe('unknown job webhooks.unknown on queue webhooks');
    expect(failed.attemptsMade).toBe(1);
  });
});
