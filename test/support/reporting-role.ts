import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { databaseUrl, withAdminClient } from './database';

/**
 * A LOGIN user granted push_billing_reporting, as a dashboard logs in, with
 * its own connection to the test's database. `end()` drops the user again.
 */
export async function reportingUser(databaseName: string): Promise<{ client: Client; end: () => Promise<void> }> {
  const user = `pbt_reporter_${randomBytes(4).toString('hex')}`;
  await withAdminClient(async (admin) => {
    await admin.query(`CREATE ROLE ${user} LOGIN`);
    await admin.query(`GRANT push_billing_reporting TO ${user}`);
  });
  const url = new URL(databaseUrl(databaseName));
  url.username = user;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return {
    client,
    end: async () => {
      await client.end();
      await withAdminClient((admin) => admin.query(`DROP ROLE IF EXISTS ${user}`));
    },
  };
}
