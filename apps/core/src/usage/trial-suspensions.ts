import { Injectable } from '@nestjs/common';
import { TrialLifecycleService } from '../lifecycle/trial-lifecycle.service';
import { NotificationDispatcher } from '../notifications/notification-dispatcher';
import { UnitOfWork } from '../prisma/unit-of-work';

interface Batch {
  /** Apps to suspend by billing day, with the latest request's time. */
  days: Map<string, { appIds: Set<string>; at: Date }>;
  done: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Suspends the trial apps that ingest took over the limit, one transaction
 * at a time per process. A burst of reports pushing hundreds of trial apps
 * over at once used to open a suspension transaction per request, and a few
 * hundred at once outwaited the pool (503). Requests arriving while a
 * suspension runs now wait and go together in the next one; each request is
 * answered once its apps' suspension has committed, as before.
 */
@Injectable()
export class TrialSuspensions {
  private running = false;
  private next: Batch | null = null;

  constructor(
    private readonly trials: TrialLifecycleService,
    private readonly dispatcher: NotificationDispatcher,
    private readonly uow: UnitOfWork,
  ) {}

  suspend(appIds: readonly string[], day: string, at: Date): Promise<void> {
    const batch = (this.next ??= newBatch());
    const entry = batch.days.get(day) ?? { appIds: new Set<string>(), at };
    appIds.forEach((id) => entry.appIds.add(id));
    if (at > entry.at) entry.at = at;
    batch.days.set(day, entry);
    if (!this.running) void this.drain();
    return batch.done;
  }

  private async drain(): Promise<void> {
    this.running = true;
    for (let batch = this.next; batch; batch = this.next) {
      this.next = null;
      try {
        await this.uow.run(async (tx) => {
          for (const [day, { appIds, at }] of batch!.days) await this.trials.suspend(tx, [...appIds], day, at);
        });
        await this.dispatcher.kick();
        batch.resolve();
      } catch (error) {
        batch.reject(error);
      }
    }
    this.running = false;
  }
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { days: new Map(), done, resolve, reject };
}
