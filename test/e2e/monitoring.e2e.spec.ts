import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { panelQueries, readDashboards } from '../../bench/support/grafana-panels';
import { aBareAccount, anApplication } from '../support/builders/applications';
import { TestSystem } from '../support/system';
import { answer } from '../support/api-client';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const yamlOf = (path: string) => parse(read(path));

/** Metrics the exporters of docker-compose.yml and Prometheus itself serve, not the API. */
const NOT_FROM_THE_API = new Set(['up', 'pg_up', 'redis_up']);
const PROMQL_WORDS = new Set([
  'sum',
  'max',
  'min',
  'by',
  'rate',
  'increase',
  'histogram_quantile',
  'clamp_min',
  'or',
  'and',
  'le',
  'bool',
  'on',
  'ignoring',
  'without',
  'avg',
  'count',
]);

/** Metric names of a PromQL expression: identifiers that are not functions, keywords or label names. */
function metricNames(expr: string): string[] {
  const withoutStrings = expr
    .replace(/"[^"]*"/g, '""')
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\[[^\]]*\]/g, '[]');
  const withoutGroupings = withoutStrings.replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '');
  return [...withoutGroupings.matchAll(/\b([a-zA-Z_:][\w:]*)\b(?!\s*\()/g)]
    .map((match) => match[1])
    .filter((name) => !PROMQL_WORDS.has(name) && !/^\d/.test(name));
}
const baseName = (name: string) => name.replace(/_(bucket|sum|count)$/, '');

describe('monitoring as code: alert rules, Prometheus, Grafana provisioning and the metrics they read', () => {
  const alerts = yamlOf('deploy/prometheus/alerts.yml');
  const rules: { alert: string; expr: string }[] = alerts.groups.flatMap((group: { rules: unknown[] }) => group.rules);
  const promPanels = panelQueries().filter((query) => query.datasourceUid === 'pb-prometheus');

  describe('the metrics the rules and the Operations dashboard read', () => {
    let system: TestSystem;
    let scrape: () => Promise<string>;

    beforeAll(async () => {
      system = await TestSystem.start({ clockStart: '2026-03-01T09:00:00+08:00', worker: true });
      const key = await system.newKey('readonly');
      scrape = async () => {
        // A raw request: /metrics answers Prometheus text, outside the API document.
        const reply = await system.api.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${key}` } });
        expect(reply.statusCode).toBe(200);
        return reply.body;
      };
    }, 30_000);
    afterAll(async () => system.stop());

    it('are all served by /metrics (or by the exporters: up, pg_up, redis_up)', async () => {
      const text = await scrape();
      const served = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]));
      const used = new Set(
        [...rules.map((rule) => rule.expr), ...promPanels.map((panel) => panel.text)].flatMap(metricNames).map(baseName),
      );
      expect(used.size).toBeGreaterThanOrEqual(8);
      expect([...used].filter((name) => !served.has(name) && !NOT_FROM_THE_API.has(name)).sort()).toEqual([]);
    });

    it('counts DAU reports by result status', async () => {
      const accountId = await aBareAccount(system);
      const app = await anApplication(system).forAccount(accountId).create();
      const ingest = await system.newKey('ingest');
      const reply = await answer(
        system.as(ingest).POST('/v1/usage/dau', {
          body: {
            reports: [
              { appId: app.id, date: '2026-03-01', dau: 10 },
              { appId: app.id, date: '2026-03-01', dau: 10 },
              { appId: '00000000-0000-4000-8000-000000000000', date: '2026-03-01', dau: 10 },
            ],
          },
        }),
      );
      expect(reply.status).toBe(200);
      const statuses = reply.data!.results.map((result) => result.status);
      const text = await scrape();
      for (const status of new Set(statuses)) {
        const count = statuses.filter((s) => s === status).length;
        expect(text).toMatch(new RegExp(`^dau_reports_total\\{status="${status}"\\} ${count}$`, 'm'));
      }
      expect(statuses).toContain('NOT_FOUND');
    });

    it('tells how long ago each scheduled tick last finished, on the simulated clock', async () => {
      expect(await scrape()).not.toMatch(/^scheduled_job_last_run_age_seconds\{/m);
      const reply = await answer(system.http.POST('/v1/clock/advance', { body: { to: '2026-03-01T10:00:00+08:00' } }));
      expect(reply.status).toBe(200);
      // The hourly sweeps ran at 10:00, which is now; the clock then moves on 90 minutes without them.
      expect(await scrape()).toMatch(/^scheduled_job_last_run_age_seconds\{schedule="arrears-sweep"\} 0$/m);
      await system.prisma.$executeRaw`UPDATE clock_state SET now = now + interval '90 minutes'`;
      await system.http.GET('/v1/clock');
      expect(await scrape()).toMatch(/^scheduled_job_last_run_age_seconds\{schedule="arrears-sweep"\} 5400$/m);
    });
  });

  describe('the alert rules', () => {
    it('cover what must page', () => {
      expect(rules.map((rule) => rule.alert).sort()).toEqual(
        [
          'ApiDown',
          'DeliveriesFailing',
          'DeliveryBacklogGrowing',
          'Http5xxRate',
          'JobsFailingForGood',
          'PostgresDown',
          'RedisDown',
          'RevenueRollupNotRun',
          'SettlementNotClosedBy0700',
          'SweepsNotRun',
        ].sort(),
      );
    });

    const promtool = spawnSync('promtool', ['--version']).status === 0;
    if (!promtool) {
      console.warn(
        'SKIPPED: promtool is not installed (Debian package "prometheus"; .ci/run installs it): alert rules and Prometheus config not checked by promtool',
      );
    }
    (promtool ? it : it.skip)('pass `promtool check rules`, and the Prometheus config passes `promtool check config`', () => {
      const rulesCheck = spawnSync('promtool', ['check', 'rules', join(ROOT, 'deploy/prometheus/alerts.yml')], { encoding: 'utf8' });
      expect(rulesCheck.stdout + rulesCheck.stderr).toContain(`SUCCESS: ${rules.length} rules found`);
      expect(rulesCheck.status).toBe(0);
      // The config as the container sees it: its mounted paths, here in a scratch directory.
      const dir = mkdtempSync(join(tmpdir(), 'pb-prometheus-'));
      try {
        writeFileSync(join(dir, 'alerts.yml'), read('deploy/prometheus/alerts.yml'));
        writeFileSync(join(dir, 'readonly.key'), 'pb_example_readonly_key\n');
        const config = read('deploy/prometheus/prometheus.yml')
          .replace('/etc/prometheus/alerts.yml', join(dir, 'alerts.yml'))
          .replace('/etc/prometheus/secrets/readonly.key', join(dir, 'readonly.key'));
        writeFileSync(join(dir, 'prometheus.yml'), config);
        const configCheck = spawnSync('promtool', ['check', 'config', join(dir, 'prometheus.yml')], { encoding: 'utf8' });
        expect(configCheck.stdout + configCheck.stderr).toContain('SUCCESS');
        expect(configCheck.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('docker-compose.yml and the provisioning files', () => {
    const compose = yamlOf('docker-compose.yml');
    const datasources = yamlOf('deploy/grafana/provisioning/datasources/push-billing.yml').datasources;
    const prometheus = yamlOf('deploy/prometheus/prometheus.yml');

    it('mount only files and folders that are in the repository, where the configs expect them', () => {
      const mounts = Object.values(compose.services)
        .flatMap((service: any) => (service.volumes ?? []) as string[])
        .filter((volume) => volume.startsWith('./'));
      expect(mounts.length).toBeGreaterThanOrEqual(6);
      for (const mount of mounts) expect(existsSync(join(ROOT, mount.split(':')[0]))).toBe(true);
      const grafanaMounts = compose.services.grafana.volumes as string[];
      const provider = yamlOf('deploy/grafana/provisioning/dashboards/push-billing.yml').providers[0];
      expect(grafanaMounts).toContain(`./deploy/grafana/dashboards:${provider.options.path}:ro`);
      expect(compose.services.prometheus.command).toContain('--config.file=/etc/prometheus/prometheus.yml');
      expect(prometheus.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
    });

    it('give every dashboard panel a provisioned data source, the Postgres one logging in as a reporting user', () => {
      const uids = new Set(datasources.map((source: { uid: string }) => source.uid));
      const used = new Set(
        readDashboards().flatMap(({ json }) => [...json.panels.map((panel) => panel.datasource.uid), ...targetUids(json)]),
      );
      expect([...used].sort()).toEqual(['pb-postgres', 'pb-prometheus']);
      for (const uid of used) expect(uids.has(uid)).toBe(true);
      const postgres = datasources.find((source: { uid: string }) => source.uid === 'pb-postgres');
      expect(postgres.type).toBe('grafana-postgresql-datasource');
      expect(postgres.user).toBe('grafana_reader');
      expect(read('deploy/postgres/initdb/10-grafana-reader.sh')).toContain('GRANT push_billing_reporting TO grafana_reader');
      // Every ${VAR} of the data sources is set on the Grafana container.
      const needed = [...JSON.stringify(datasources).matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]);
      for (const name of needed) expect(Object.keys(compose.services.grafana.environment)).toContain(name);
    });

    it('scrape /metrics with a readonly key and the exporters the Postgres and Redis alerts read', () => {
      const jobs = Object.fromEntries(prometheus.scrape_configs.map((job: { job_name: string }) => [job.job_name, job]));
      expect(jobs['push-billing-api'].metrics_path).toBe('/metrics');
      expect(jobs['push-billing-api'].authorization.credentials_file).toBe('/etc/prometheus/secrets/readonly.key');
      expect(jobs.postgres.static_configs[0].targets).toEqual(['postgres-exporter:9187']);
      expect(jobs.redis.static_configs[0].targets).toEqual(['redis-exporter:9121']);
      expect(Object.keys(compose.services)).toEqual(
        expect.arrayContaining(['postgres-exporter', 'redis-exporter', 'prometheus', 'grafana']),
      );
    });
  });
});

function targetUids(json: ReturnType<typeof readDashboards>[number]['json']): string[] {
  return json.panels.flatMap((panel) => panel.targets.map((target) => (target.datasource ?? panel.datasource).uid));
}
