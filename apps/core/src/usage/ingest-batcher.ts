import { Injectable } from '@nestjs/common';
import { isUnavailable } from '../errors/unavailable';
import { INGEST_STATEMENTS_IN_FLIGHT } from '../prisma/pg-pool.service';
import { IngestOutcome, UsageRepository } from './usage.repository';
import { DauReport, MAX_REPORTS, snapshotKey } from './usage.rules';

interface Submission {
  reports: readonly DauReport[];
  at: Date;
  trialOpenFrom: string;
  resolve: (outcome: IngestOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for DAU reports. Gateways that report app by app send one
 * report per request, and a statement (a transaction, a commit) per report
 * cost Postgres about 0.5 ms of CPU, ten times what a report costs inside a
 * statement of many: on two cores that alone capped ingest near a thousand
 * requests a second. So the requests that arrive while the statements in
 * flight are running wait for a free one and then go together, in one ingest
 * statement, each getting back its own part of the outcome. An idle API sends
 * a request's reports at once, alone.
 *
 * When a shared statement fails for another reason than an unavailable
 * database, each of its requests is sent again alone, so that a fault stays
 * with the request that carries it.
 *
 * A statement never carries one snapshot twice (its locking reads need each
 * key once): a request repeating a snapshot already taken waits for the next
 * statement, with everything queued behind it.
 */
@Injectable()
export class IngestBatcher {
  private readonly queue: Submission[] = [];
  private inFlight = 0;

  constructor(private readonly usage: UsageRepository) {}

  /** Writes one request's reports (one per snapshot key) and answers with its part of the outcome. */
  write(reports: readonly DauReport[], at: Date, trialOpenFrom: string): Promise<IngestOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ reports, at, trialOpenFrom, resolve, reject });
      this.send();
    });
  }

  private send(): void {
    while (this.inFlight < INGEST_STATEMENTS_IN_FLIGHT && this.queue.length) {
      const batch = this.take();
      this.inFlight += 1;
      void this.run(batch).finally(() => {
        this.inFlight -= 1;
        this.send();
      });
    }
  }

  /** The oldest requests that fit one statement: at most MAX_REPORTS reports (or one bigger request), no key twice. */
  private take(): Submission[] {
    // One key per report taken, since no key is taken twice.
    const keys = new Set<string>();
    let taken = 0;
    for (const submission of this.queue) {
      if (taken > 0 && keys.size + submission.reports.length > MAX_REPORTS) break;
      const submissionKeys = submission.reports.map(snapshotKey);
      if (submissionKeys.some((key) => keys.has(key))) break;
      submissionKeys.forEach((key) => keys.add(key));
      taken += 1;
    }
    return this.queue.splice(0, taken);
  }

  private async run(batch: Submission[]): Promise<void> {
    if (batch.length === 1) return this.alone(batch[0]);
    try {
      const latest = batch[batch.length - 1];
      const part = parts(
        await this.usage.ingest(
          batch.flatMap((submission) => submission.reports),
          latest.at,
          latest.trialOpenFrom,
        ),
      );
      for (const submission of batch) submission.resolve(part(submission.reports));
    } catch (error) {
      if (isUnavailable(error)) {
        for (const submission of batch) submission.reject(error);
        return;
      }
      // Reports are checked before they are grouped, so this is rare: a fault of one request must not fail
      // the others grouped with it, so each goes again on its own (in this statement's slot, one after another).
      for (const submission of batch) await this.alone(submission);
    }
  }

  private async alone(submission: Submission): Promise<void> {
    try {
      submission.resolve(await this.usage.ingest(submission.reports, submission.at, submission.trialOpenFrom));
    } catch (error) {
      submission.reject(error);
    }
  }
}

/** Each request's part of a shared statement's outcome, looked up by key (scanning it per request would be quadratic). */
function parts(outcome: IngestOutcome): (reports: readonly DauReport[]) => IngestOutcome {
  const apps = new Map(outcome.apps.map((app) => [app.id, app]));
  const raised = new Map(outcome.raised.map((report) => [snapshotKey(report), report]));
  const lost = new Map(outcome.lost.map((report) => [snapshotKey(report), report]));
  const days = new Map(outcome.days.map((day) => [dayKey(day), day]));
  const crowded = new Map(outcome.crowded.map((report) => [snapshotKey(report), report]));
  return (reports) => ({
    apps: found(new Set(reports.map((report) => report.appId)), apps),
    closedThrough: outcome.closedThrough,
    trialOpenFrom: outcome.trialOpenFrom,
    raised: found(reports.map(snapshotKey), raised),
    lost: found(reports.map(snapshotKey), lost),
    days: found(new Set(reports.map(dayKey)), days),
    crowded: found(reports.map(snapshotKey), crowded),
  });
}

function found<T>(keys: Iterable<string>, byKey: Map<string, T>): T[] {
  return [...keys].flatMap((key) => byKey.get(key) ?? []);
}

function dayKey(day: { appId: string; date: string }): string {
  return `${day.appId}|${day.date}`;
}
