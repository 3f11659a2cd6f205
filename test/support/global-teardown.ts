import { withAdminClient } from './database';

/** Drops every database of this run (set KEEP_TEST_DATABASES=1 to look at them afterwards). */
export default async function globalTeardown(): Promise<void> {
  const run = process.env.PB_TEST_RUN;
  if (!run || process.env.KEEP_TEST_DATABASES) return;
  await withAdminClient(async (client) => {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${run}\\_%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}
