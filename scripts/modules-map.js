#!/usr/bin/env node
/**
 * Writes the module map of apps/core/src, read from the code, into the README
 * and docs/structure.md between their "modules-map" markers (`npm run modules:map`;
 * `--check` fails when the file is out of date instead of writing it, or when a
 * table has more than one writing folder):
 *   - each domain folder's Nest module: its layer, what it imports and exports;
 *   - each table and the modules whose code writes it (SQL INSERT/UPDATE/DELETE
 *     and Prisma create/update/upsert/delete calls, read from the source).
 */
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');
const { INFRASTRUCTURE, LAYERS } = require('../dependency-layers.cjs');

const root = path.join(__dirname, '..');
const core = path.join(root, 'apps/core/src');
const docPath = path.join(root, 'docs/structure.md');

const filesOf = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesOf(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });

/** The identifiers listed under imports/providers/exports of the file's @Module({...}). */
function moduleMetadata(file) {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found = [];
  const visit = (node) => {
    if (ts.isDecorator(node) && ts.isCallExpression(node.expression) && node.expression.expression.getText() === 'Module') {
      const arg = node.expression.arguments[0];
      const meta = { name: node.parent.name ? node.parent.name.getText() : '?', imports: [], providers: [], exports: [] };
      if (arg && ts.isObjectLiteralExpression(arg)) {
        for (const prop of arg.properties) {
          if (ts.isPropertyAssignment(prop) && ts.isArrayLiteralExpression(prop.initializer) && prop.name.getText() in meta) {
            meta[prop.name.getText()] = prop.initializer.elements.map((e) => e.getText());
          }
        }
      }
      found.push(meta);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found[0];
}

/** Prisma model name -> table name, from the schema files. */
function prismaTables() {
  const tables = new Map();
  const dir = path.join(root, 'prisma/schema');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.prisma'))) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const match of text.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
      const mapped = /@@map\("([^"]+)"\)/.exec(match[2]);
      const model = match[1];
      tables.set(model[0].toLowerCase() + model.slice(1), mapped ? mapped[1] : model);
    }
  }
  return tables;
}

/** Every table the migrations create. */
function migratedTables() {
  const dir = path.join(root, 'prisma/migrations');
  const names = new Set(['_prisma_migrations']);
  for (const folder of fs.readdirSync(dir)) {
    const file = path.join(dir, folder, 'migration.sql');
    if (!fs.existsSync(file)) continue;
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?(\w+)"?/gi)) names.add(m[1]);
  }
  return names;
}

function writers() {
  const models = prismaTables();
  const tables = migratedTables();
  const byTable = new Map();
  const note = (table, folder) => byTable.set(table, new Set([...(byTable.get(table) ?? []), folder]));
  for (const file of filesOf(core)) {
    const folder = path.relative(core, file).split(path.sep)[0];
    if (!fs.statSync(path.join(core, folder)).isDirectory()) continue;
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?([a-z_]+)"?/g)) if (tables.has(m[1])) note(m[1], folder);
    for (const m of text.matchAll(/\.(\w+)\.(?:create|createMany|update|updateMany|upsert|delete|deleteMany)\(/g)) {
      if (models.has(m[1])) note(models.get(m[1]), folder);
    }
  }
  return [...byTable].sort(([a], [b]) => a.localeCompare(b));
}

/** The modules table (README and docs/structure.md) and the table writers (docs/structure.md). */
function render(tableWriters) {
  const modules = ['| layer | folder | Nest module | imports | exports |', '| --- | --- | --- | --- | --- |'];
  LAYERS.forEach((layer, index) => {
    for (const folder of layer) {
      const file = filesOf(path.join(core, folder)).find((f) => f.endsWith('.module.ts'));
      const meta = file ? moduleMetadata(file) : null;
      const list = (items) => (items && items.length ? items.join(', ') : '-');
      modules.push(
        `| ${index + 1} | ${folder} | ${meta ? meta.name : '(none)'} | ${list(meta && meta.imports)} | ${list(meta && meta.exports)} |`,
      );
    }
  });
  modules.push('', `Infrastructure (global modules or plain files, importable from every layer): ${INFRASTRUCTURE.join(', ')}.`);
  const tables = ['| table | written by |', '| --- | --- |'];
  for (const [table, folders] of tableWriters) tables.push(`| ${table} | ${[...folders].sort().join(', ')} |`);
  return { modules: modules.join('\n'), full: [...modules, '', ...tables].join('\n') };
}

const START = '<!-- modules-map:start (generated by `npm run modules:map`; do not edit) -->';
const END = '<!-- modules-map:end -->';
const tableWriters = writers();
const { modules, full } = render(tableWriters);
const targets = [
  [path.join(root, 'README.md'), modules],
  [docPath, full],
];
let stale = false;
for (const [file, table] of targets) {
  const doc = fs.readFileSync(file, 'utf8');
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${file} has no modules-map markers`);
  const next = `${doc.slice(0, from + START.length)}\n${table}\n${doc.slice(to)}`;
  if (next === doc) continue;
  stale = true;
  if (!process.argv.includes('--check')) fs.writeFileSync(file, next);
}
if (process.argv.includes('--check')) {
  // One writer per table (docs/structure.md, "Who writes each table"): another folder goes through the writer's service.
  const shared = tableWriters.filter(([, folders]) => folders.size > 1);
  for (const [table, folders] of shared) {
    console.error(`table ${table} is written by ${[...folders].sort().join(', ')}: only one folder may write a table (call its service)`);
  }
  if (stale) console.error('the module map is out of date: run `npm run modules:map`');
  if (shared.length || stale) process.exit(1);
}
