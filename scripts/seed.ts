import { Client } from 'pg';
import { migrationDatabaseUrl } from '../apps/core/src/config/config';
import { INITIAL_PRICE_BOOK } from '../prisma/seed/price-book.data';
import { seedPriceBook } from '../prisma/seed/seed-price-book';

async function main(): Promise<void> {
  const client = new Client({ connectionString: migrationDatabaseUrl() });
  await client.connect();
  try {
    const published = await seedPriceBook(client, INITIAL_PRICE_BOOK);
    console.log(JSON.stringify({ msg: 'price book seeded', version: INITIAL_PRICE_BOOK.version, published }));
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  console.error(JSON.stringify({ msg: 'seed failed', error: (error as Error).message }));
  process.exit(1);
});
