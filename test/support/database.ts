import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The server the tests create their databases on (trust auth on the CI and development machines). */
export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Every test file gets its own database, copied from the run's migrated and
 * seeded template, and its own Redis key prefix: files run in parallel and
 * never see each other's (or a previous run's) data.
 */
export async function freshDatabase(): Promise<{ name: string; url: string; queuePrefix: string }> {
  const template = process.env.PB_TEST_TEMPLATE;
  if (!template) throw new Error('PB_TEST_TEMPLATE is unset: run the tests through jest (global setup)');
  const name = `${process.env.PB_TEST_RUN}_${randomBytes(4).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return { name, url: databaseUrl(name), queuePrefix: `pbtest-${name}` };
}
