import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');

/** The rows of the threat model in the README, each with the tests its last column names (`file`: `test name`; ...). */
function threatModel(): { actor: string; tests: { file: string; name: string }[] }[] {
  const doc = readFileSync(join(root, 'README.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Threat model'), doc.indexOf('\n## ', doc.indexOf('## Threat model') + 1));
  const rows = section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| actor') && !line.startsWith('| ---'));
  return rows.map((row) => {
    const cells = row.split(' | ');
    const tests = cells[cells.length - 1]
      .replace(/ \|$/, '')
      .split('<br>')
      .flatMap((entry) => {
        const [, file, names] = /^`([^`]+)`: (.*)$/.exec(entry.trim()) ?? [];
        return [...(names ?? '').matchAll(/`([^`]+)`/g)].map(([, name]) => ({ file, name }));
      });
    return { actor: cells[0].replace(/^\| /, ''), tests };
  });
}

/** The README: every actor's row points at the tests that prove it, and those tests exist. */
describe('Threat model', () => {
  const rows = threatModel();

  it('names the six actors of the issue, each with the tests that prove what stops it', () => {
    expect(rows.map((row) => row.actor)).toEqual([
      expect.stringContaining('**ingest**'),
      expect.stringContaining('**readonly**'),
      expect.stringContaining('**scoped admin**'),
      expect.stringContaining('**operator**'),
      expect.stringContaining('**Someone on the network**'),
      expect.stringContaining('**hostile webhook receiver**'),
    ]);
    for (const row of rows) expect(row.tests.length).toBeGreaterThan(0);
  });

  it.each(rows.flatMap((row) => row.tests.map((test) => [row.actor.replace(/\*/g, ''), test.file, test.name])))(
    '%s: %s has the test "%s"',
    (_actor, file, name) => {
      expect(existsSync(join(root, file))).toBe(true);
      const source = readFileSync(join(root, file), 'utf8');
      expect([`'${name}'`, `"${name}"`].some((quoted) => source.includes(quoted))).toBe(true);
    },
  );
});
