import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { withAdminClient } from '../support/database';
import { requestVia, TestSystem } from '../support/system';

/** The processes' database role: DML on the tables, nothing that could rewrite history. */
describe('Least privilege: a login in push_billing_app', () => {
  let system: TestSystem;
  let login: string;
  let app: Client;
  let appUrl: string;

  beforeAll(async () => {
    system = await TestSystem.start();
    login = `pb_app_${randomBytes(4).toString('hex')}`;
    await withAdminClient((client) => client.query(`CREATE ROLE ${login} LOGIN IN ROLE push_billing_app`));
    const url = new URL(process.env.DATABASE_URL!);
    url.username = login;
    appUrl = url.toString();
    app = new Client({ connectionString: appUrl });
    await app.connect();
  });
  afterAll(async () => {
    await app.end();
    await system.stop();
    await withAdminClient((client) => client.query(`DROP ROLE IF EXISTS ${login}`));
  });

  const refused = (sql: string) => expect(app.query(sql)).rejects.toThrow(/permission denied|must be owner|append-only/);

  it('cannot alter tables or disable the append-only triggers', async () => {
    await refused('ALTER TABLE accounts ADD COLUMN backdoor TEXT');
    await refused('ALTER TABLE ledger_entries DISABLE TRIGGER ALL');
    await refused('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_or_delete');
    await refused('DROP TRIGGER ledger_entries_append_only ON ledger_entries');
    await refused("SET session_replication_role = 'replica'");
    await refused('CREATE TABLE shadow (id int)');
  });

  it('cannot update or delete ledger rows or audit events', async () => {
    await refused('UPDATE ledger_entries SET amount = 0');
    await refused('DELETE FROM ledger_transactions');
    await refused('UPDATE audit_events SET status = 200');
    await refused('DELETE FROM audit_events');
    await refused('TRUNCATE audit_events');
  });

  it('runs the API: keys, accounts, money and the audit trail work with DML alone', async () => {
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = appUrl;
    try {
      const api = await system.startApi();
      const account = await requestVia(api, 'POST', '/v1/accounts', { name: 'Least' });
      expect(account.status).toBe(201);
      expect(
        (
          await requestVia(api, 'POST', `/v1/accounts/${account.body.id}/top-ups`, { amount: '5.00', kind: 'cash' }, undefined, {
            'idempotency-key': randomUUID(),
          })
        ).status,
      ).toBe(201);
      expect((await requestVia(api, 'POST', '/v1/api-keys', { name: 'made by the app role', role: 'readonly' })).status).toBe(201);
      const { rows } = await app.query(
        `SELECT current_user AS who, (SELECT count(*)::int FROM ledger_transactions WHERE account_id = $1) AS moves`,
        [account.body.id],
      );
      expect(rows[0]).toEqual({ who: login, moves: 1 });
    } finally {
      process.env.DATABASE_URL = previous;
    }
  });
});
