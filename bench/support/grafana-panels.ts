import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository's root, from the sources (tests) or from dist/ (benchmarks). */
function repositoryRoot(from: string = __dirname): string {
  return existsSync(join(from, 'package.json')) ? from : repositoryRoot(dirname(from));
}

/** The dashboards as JSON, provisioned into Grafana by deploy/grafana/provisioning. */
export const DASHBOARDS_DIR = join(repositoryRoot(), 'deploy', 'grafana', 'dashboards');

export interface PanelQuery {
  dashboard: string;
  /** The panel's title, or "variable <name>" for a dashboard variable's query. */
  panel: string;
  datasourceUid: string;
  /** SQL (Postgres panels) or PromQL (Prometheus panels). */
  text: string;
}

interface Dashboard {
  title: string;
  panels: { title: string; datasource: { uid: string }; targets: { datasource?: { uid: string }; rawSql?: string; expr?: string }[] }[];
  templating: { list: { name: string; datasource?: { uid: string }; query?: string }[] };
}

/** Every dashboard file of the directory. */
export function readDashboards(dir: string = DASHBOARDS_DIR): { file: string; json: Dashboard }[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, json: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Dashboard }));
}

/** Every query of every panel and dashboard variable. */
export function panelQueries(dir?: string): PanelQuery[] {
  return readDashboards(dir).flatMap(({ json }) => [
    ...json.templating.list
      .filter((variable) => variable.query)
      .map((variable) => ({
        dashboard: json.title,
        panel: `variable ${variable.name}`,
        datasourceUid: variable.datasource!.uid,
        text: variable.query!,
      })),
    ...json.panels.flatMap((panel) =>
      panel.targets.map((target) => ({
        dashboard: json.title,
        panel: panel.title,
        datasourceUid: (target.datasource ?? panel.datasource).uid,
        text: target.rawSql ?? target.expr ?? '',
      })),
    ),
  ]);
}

export interface MacroValues {
  from: Date;
  to: Date;
  regions: string[];
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * A panel's SQL as Grafana's PostgreSQL data source sends it: the time macros
 * as RFC 3339 literals, a multi-value variable as a list of quoted strings.
 * Throws on any macro or variable it does not know, so a panel cannot use one
 * the tests never ran.
 */
export function renderPanelSql(sql: string, values: MacroValues): string {
  const from = quote(values.from.toISOString());
  const to = quote(values.to.toISOString());
  const rendered = sql
    .replace(/\$__timeFilter\(([^)]+)\)/g, (_, column: string) => `${column.trim()} BETWEEN ${from} AND ${to}`)
    .replace(/\$__timeFrom\(\)/g, from)
    .replace(/\$__timeTo\(\)/g, to)
    .replace(/\$region\b/g, values.regions.map(quote).join(','));
  const left = /\$\w+/.exec(rendered);
  if (left) throw new Error(`unknown macro or variable ${left[0]}`);
  return rendered;
}

/** The relations a panel's SQL reads (after FROM or JOIN), as written. */
export function relationsRead(sql: string): string[] {
  return [...sql.matchAll(/\b(?:FROM|JOIN)\s+([A-Za-z_][\w."]*)/gi)].map((match) => match[1]);
}
