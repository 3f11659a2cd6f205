import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const MAINS = { api: 'dist/apps/api/src/main.js', worker: 'dist/apps/worker/src/main.js' };

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The tests that signal or kill a process run the built API and worker
 * (`npm run build`, done by `npm test`): a build older than the sources
 * would test yesterday's code, so it is refused.
 */
export function requireFreshBuild(): void {
  const built = Math.min(
    ...Object.values(MAINS).map((main) => {
      try {
        return statSync(join(ROOT, main)).mtimeMs;
      } catch {
        return 0;
      }
    }),
  );
  if (built < newestSource(join(ROOT, 'apps'))) throw new Error('dist/ is missing or older than apps/: run `npm run build` first');
}

export interface BuiltProcess {
  child: ChildProcess;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  /** What it wrote to stderr (a crash's reason). */
  stderr: () => string;
}

export function startBuilt(which: keyof typeof MAINS, env: NodeJS.ProcessEnv): BuiltProcess {
  const child = spawn(process.execPath, [join(ROOT, MAINS[which])], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function untilHealthy(port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await fetch(`http://127.0.0.1:${port}/health`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the API on port ${port} did not become healthy in ${timeoutMs} ms`);
}
