import { join } from 'node:path';
import { migrate } from '../apps/core/src/prisma/migrator';
import { migrationDatabaseUrl } from '../apps/core/src/config/config';

async function main(): Promise<void> {
  const applied = await migrate(migrationDatabaseUrl(), join(__dirname, '..', '..', 'prisma', 'migrations'));
  console.log(JSON.stringify({ msg: 'migrations applied', applied }));
}

main().catch((error) => {
  console.error(JSON.stringify({ msg: 'migration failed', error: (error as Error).message }));
  process.exit(1);
});
