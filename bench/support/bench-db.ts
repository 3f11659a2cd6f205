import { join } from 'node:path';
import { Client } from 'pg';
import { migrate } from '../../apps/core/src/prisma/migrator';
import { INITIAL_PRICE_BOOK } from '../../prisma/seed/price-book.data';
import { seedPriceBook } from '../../prisma/seed/seed-price-book';

export const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export function urlFor(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new, migrated and seeded database for one benchmark run (dropped first if it exists). */
export async function freshBenchDatabase(name: string): Promise<string> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = urlFor(name);
  await migrate(url, join(__dirname, '..', '..', '..', 'prisma', 'migrations'));
  const client = new Client({ connectionString: url });
  await client.connect();
  await seedPriceBook(client, INITIAL_PRICE_BOOK);
  await client.end();
  return url;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}
