import { join } from 'node:path';
import { Client } from 'pg';
import { migrate } from '../../apps/core/src/prisma/migrator';
import { INITIAL_PRICE_BOOK } from '../../prisma/seed/price-book.data';
import { seedPriceBook } from '../../prisma/seed/seed-price-book';
import { databaseUrl, withAdminClient } from './database';

/** Migrates and seeds one template database per run; test files copy it. */
export default async function globalSetup(): Promise<void> {
  const run = `pbt_${Date.now().toString(36)}_${process.pid}`;
  const template = `${run}_template`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${template}"`));
  await migrate(databaseUrl(template), join(__dirname, '..', '..', 'prisma', 'migrations'));
  const client = new Client({ connectionString: databaseUrl(template) });
  await client.connect();
  try {
    await seedPriceBook(client, INITIAL_PRICE_BOOK);
  } finally {
    await client.end();
  }
  process.env.PB_TEST_RUN = run;
  process.env.PB_TEST_TEMPLATE = template;
}
