import { Injectable } from '@nestjs/common';
import type { AppState, Plan } from '../applications/application.types';
import { PrismaService } from '../prisma/prisma.service';
import { INGEST_GATE_LOCK } from './ingest-gate';
import { IngestPool } from './ingest-pool';
import type { DauReport, DayUsage } from './usage.rules';

export interface ReportedApp {
  id: string;
  state: AppState;
  plan: Plan;
}

export interface DayTotal {
  appId: string;
  date: string;
  dau: number;
}

export interface IngestOutcome {
  /** The reported apps that exist. */
  apps: ReportedApp[];
  /** The last day the settlement has closed to reports, or null. */
  closedThrough: string | null;
  /** The first day trial apps still took reports for, in this statement. */
  trialOpenFrom: string;
  /** The snapshots this statement raised, with their new values. */
  raised: DauReport[];
  /** First snapshots another request created meanwhile: not written, to be sent again. */
  lost: DauReport[];
  /** The new DAU of every app-day that changed. */
  days: DayTotal[];
}

/**
 * The ingest statement (see UsageRepository.ingest). $1-$4: the reports,
 * column by column; $5: now; $6: the first day still open for trial apps.
 */
const INGEST_SQL = `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::date[], $3::text[], $4::int[]) AS r(app_id, day, source, dau)
  ), apps AS (
    SELECT id, state, plan FROM applications WHERE id IN (SELECT app_id FROM input)
  ), closed AS (
    SELECT ingest_gate_closed_through(${INGEST_GATE_LOCK}) AS through
  ), writable AS (
    SELECT i.* FROM input i JOIN apps a ON a.id = i.app_id CROSS JOIN closed c
    WHERE a.state <> 'destroyed' AND (c.through IS NULL OR i.day > c.through) AND (a.plan <> 'trial' OR i.day >= $6::date)
  ), previous AS (
    SELECT s.app_id, s.day, s.source, s.dau FROM dau_snapshots s
    JOIN writable w ON w.app_id = s.app_id AND w.day = s.day AND w.source = s.source
    ORDER BY s.app_id, s.day, s.source
    FOR UPDATE OF s
  ), changes AS (
    SELECT w.app_id, w.day, w.source, w.dau, w.dau - coalesce(p.dau, 0) AS delta, p.app_id IS NULL AS fresh
    FROM writable w LEFT JOIN previous p ON p.app_id = w.app_id AND p.day = w.day AND p.source = w.source
    WHERE p.dau IS NULL OR w.dau > p.dau
  ), updated AS (
    UPDATE dau_snapshots s SET dau = c.dau, updated_at = $5::timestamptz
    FROM changes c
    WHERE NOT c.fresh AND s.app_id = c.app_id AND s.day = c.day AND s.source = c.source
    RETURNING s.app_id, s.day, s.source, s.dau, c.delta
  ), inserted AS (
    INSERT INTO dau_snapshots (app_id, day, source, dau, updated_at)
    SELECT app_id, day, source, dau, $5::timestamptz FROM changes WHERE fresh ORDER BY app_id, day, source
    ON CONFLICT (app_id, day, source) DO NOTHING
    RETURNING app_id, day, source, dau, dau AS delta
  ), written AS (
    SELECT * FROM updated UNION ALL SELECT * FROM inserted
  ), days AS (
    INSERT INTO daily_usage AS d (app_id, day, dau, updated_at)
    SELECT app_id, day, LEAST(sum(delta), 2147483647), $5::timestamptz FROM written
    GROUP BY app_id, day
    ORDER BY app_id, day
    -- Clamped to the column's range: absurd reports from many sources must not fail the whole batch.
    ON CONFLICT (app_id, day) DO UPDATE SET dau = LEAST(d.dau::bigint + EXCLUDED.dau, 2147483647), updated_at = EXCLUDED.updated_at
    RETURNING d.app_id, d.day, d.dau
  )
  SELECT
    (SELECT coalesce(json_agg(json_build_object('id', id, 'state', state, 'plan', plan)), '[]') FROM apps) AS apps,
    (SELECT through::text FROM closed) AS closed,
    $6::date::text AS trial_open_from,
    (SELECT coalesce(json_agg(json_build_object('appId', app_id, 'date', day, 'source', source, 'dau', dau)), '[]')
       FROM written) AS raised,
    (SELECT coalesce(json_agg(json_build_object('appId', app_id, 'date', day, 'source', source, 'dau', dau)), '[]')
       FROM (SELECT app_id, day, source, dau FROM changes WHERE fresh
             EXCEPT ALL SELECT app_id, day, source, dau FROM inserted) l) AS lost,
    (SELECT coalesce(json_agg(json_build_object('appId', app_id, 'date', day, 'dau', dau)), '[]') FROM days) AS days`;

interface IngestRow {
  apps: ReportedApp[];
  closed: string | null;
  trial_open_from: string;
  raised: DauReport[];
  lost: DauReport[];
  days: DayTotal[];
}

/**
 * Usage SQL. Ingest is one statement per request whatever its size (the
 * reports travel as arrays and are unnested in Postgres), on plain `pg`.
 */
@Injectable()
export class UsageRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly pool: IngestPool,
  ) {}

  /**
   * Writes the reports (one per snapshot key) that may be written: their app
   * exists and is not destroyed, their day is after the last one the
   * settlement has closed (planned) and, for a trial app, not before
   * `trialOpenFrom`. One statement in its own transaction: it
   * takes the shared side of the settlement's ingest gate itself (see the
   * migration of ingest_gate_closed_through), so a report for a day being
   * closed waits for the close and is then refused.
   *
   * Each snapshot is read under a row lock, raised when the report is higher,
   * and the day's DAU grows by the difference (new - old). The old value is the
   * latest committed one (a locking read waits for a concurrent writer and sees
   * its value), and additions commute, so requests racing on one app-day add
   * up exactly, with no lock on the day. The one thing a locking read cannot
   * see is a snapshot another request creates in the meantime: such a first
   * report is not written (ON CONFLICT DO NOTHING) and comes back in `lost`,
   * for the caller to send again.
   */
  async ingest(reports: readonly DauReport[], at: Date, trialOpenFrom: string): Promise<IngestOutcome> {
    // Named: parsed and planned once per connection; planning it costs more than running it for one report.
    const { rows } = await this.pool.query<IngestRow>({
      name: 'usage-ingest',
      text: INGEST_SQL,
      values: [reports.map((r) => r.appId), reports.map((r) => r.date), reports.map((r) => r.source), reports.map((r) => r.dau), at, trialOpenFrom],
    });
    const [row] = rows;
    return { apps: row.apps, closedThrough: row.closed, trialOpenFrom: row.trial_open_from, raised: row.raised, lost: row.lost, days: row.days };
  }

  async find(appId: string): Promise<ReportedApp | null> {
    const rows = await this.prisma.$queryRaw<ReportedApp[]>`
      SELECT id::text, state, plan FROM applications WHERE id = ${appId}::uuid`;
    return rows[0] ?? null;
  }

  async days(appId: string, from: string, to: string): Promise<DayUsage[]> {
    return this.prisma.$queryRaw<DayUsage[]>`
      SELECT day::text AS date, dau FROM daily_usage
      WHERE app_id = ${appId}::uuid AND day BETWEEN ${from}::date AND ${to}::date
      ORDER BY day`;
  }
}
