/** Upper bounds (seconds) of the job-duration histogram: from trivial ticks to a settlement chunk. */
export const JOB_DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] as const;

/** How a job run ended: done, failed for good, or failed and to be retried. */
export type JobOutcome = 'completed' | 'failed' | 'retried';

/** Field separator in the Redis hashes; job and queue names never contain it. */
export const FIELD_SEPARATOR = '|';

export interface JobSeriesLabels {
  queue: string;
  name: string;
  outcome: string;
}

export interface JobSeries {
  labels: JobSeriesLabels;
  count: number;
  sum: number;
  /** Cumulative counts per upper bound, ending with +Inf (= count). */
  buckets: { le: string; count: number }[];
}

/** The bucket a duration is counted in (non-cumulative: one bucket per run). */
export function bucketOf(seconds: number): string {
  const bound = JOB_DURATION_BUCKETS.find((b) => seconds <= b);
  return bound === undefined ? '+Inf' : String(bound);
}

/**
 * Turns the raw hashes (count, sum and per-bucket counts, keyed by
 * queue|name|outcome[|le]) into Prometheus histogram series with cumulative buckets.
 */
export function toJobSeries(count: Record<string, string>, sum: Record<string, string>, buckets: Record<string, string>): JobSeries[] {
  return Object.keys(count)
    .sort()
    .map((field) => {
      const [queue, name, outcome] = field.split(FIELD_SEPARATOR);
      let running = 0;
      const cumulative = [...JOB_DURATION_BUCKETS.map(String), '+Inf'].map((le) => {
        running += Number(buckets[`${field}${FIELD_SEPARATOR}${le}`] ?? 0);
        return { le, count: running };
      });
      return { labels: { queue, name, outcome }, count: Number(count[field]), sum: Number(sum[field] ?? 0), buckets: cumulative };
    });
}
