import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Builds the API as it serves itself and writes the document of /docs/json
 * (what clients download, made by the same `openApiDocument`), so the linter
 * and the client generator read exactly that. Usage: openapi-document.ts
 * <output file>. The API is created but not started: no module's start-up
 * hook runs, so nothing is read from or written to Postgres or Redis.
 */
async function main(output: string): Promise<void> {
  delete process.env.ADMIN_API_KEY; // nothing to bootstrap: this run writes nothing
  process.env.CLOCK_MODE = 'system';
  process.env.RATE_LIMITS = 'off';
  // The stores are never reached: any URL will do.
  process.env.DATABASE_URL ??= process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  process.env.LOG_LEVEL ??= 'silent';
  // Loaded after the settings above: modules read them when they load.
  const { createApi } = await import('../apps/api/src/bootstrap');
  const { openApiDocument } = await import('../apps/api/src/common/openapi/document');
  const api = await createApi({ logger: false });
  try {
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, `${JSON.stringify(openApiDocument(api), null, 2)}\n`);
  } finally {
    await api.close();
  }
}

main(process.argv[2] ?? 'generated/openapi/openapi.json').catch((error) => {
  console.error(`openapi-document: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
