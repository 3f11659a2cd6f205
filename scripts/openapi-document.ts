import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Boots the API and writes the document it serves at /docs/json (what clients
 * download), so the linter and the client generator read exactly that.
 * Usage: openapi-document.ts <output file>. It boots against DATABASE_URL and
 * REDIS_URL (local defaults) but reads and writes nothing there.
 */
async function main(output: string): Promise<void> {
  delete process.env.ADMIN_API_KEY; // no key to bootstrap: this run must not write to the database
  process.env.CLOCK_MODE = 'system';
  // Writing the document reads nothing from the stores: any reachable (or even unreachable) server does.
  process.env.DATABASE_URL ??= process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  process.env.LOG_LEVEL ??= 'silent';
  // Loaded after the settings above: modules read them when they load.
  const { createApi } = await import('../apps/api/src/bootstrap');
  const api = await createApi({ logger: false });
  try {
    await api.init();
    await api.getHttpAdapter().getInstance().ready();
    const reply = await api.inject({ method: 'GET', url: '/docs/json' });
    if (reply.statusCode !== 200) throw new Error(`GET /docs/json answered ${reply.statusCode}`);
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, `${JSON.stringify(JSON.parse(reply.body), null, 2)}\n`);
  } finally {
    await api.close();
  }
}

main(process.argv[2] ?? 'generated/openapi/openapi.json').catch((error) => {
  console.error(`openapi-document: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
