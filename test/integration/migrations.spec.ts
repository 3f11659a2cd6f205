import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { Client } from 'pg';
import { Prisma, PrismaClient } from '../../generated/prisma/client';
import { migrate, readMigrations } from '../../apps/core/src/prisma/migrator';
import { databaseUrl, withAdminClient } from '../support/database';

const MIGRATIONS = join(__dirname, '..', '..', 'prisma', 'migrations');

describe('offline migrations', () => {
  const name = `${process.env.PB_TEST_RUN}_empty`;
  const url = databaseUrl(name);
  let prisma: PrismaClient;

  beforeAll(async () => {
    await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  });

  it('applies every migration once when two processes migrate an empty database at the same time', async () => {
    const [first, second] = await Promise.all([migrate(url, MIGRATIONS), migrate(url, MIGRATIONS)]);
    const all = readMigrations(MIGRATIONS).map((m) => m.name);
    expect([...first, ...second].sort()).toEqual(all.sort());
    expect(await migrate(url, MIGRATIONS)).toEqual([]);
  });

  it('records them as prisma migrate does: sha256 of the file, finished, one step', async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(
      'SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    await client.end();
    expect(rows).toEqual(
      readMigrations(MIGRATIONS).map((m) => ({
        migration_name: m.name,
        checksum: createHash('sha256').update(m.sql).digest('hex'),
        finished_at: expect.any(Date),
        applied_steps_count: 1,
        rolled_back_at: null,
      })),
    );
  });

  it('matches every Prisma model: all columns of every model can be read from the migrated database', async () => {
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    const models = Object.values(Prisma.ModelName);
    expect(models.length).toBeGreaterThan(0);
    for (const model of models) {
      const delegate = (prisma as any)[model.charAt(0).toLowerCase() + model.slice(1)];
      await expect(delegate.findMany({ take: 1 })).resolves.toEqual(expect.any(Array));
    }
  });

  it('writes every model and enforces its keys', async () => {
    const at = new Date('2026-01-01T00:00:00Z');
    await prisma.apiKey.create({ data: { name: 'k', role: 'ops', keyHash: 'h1', keyPrefix: 'pb_' } });
    await expect(prisma.apiKey.create({ data: { name: 'k', role: 'ops', keyHash: 'h1', keyPrefix: 'pb_' } })).rejects.toMatchObject({
      code: 'P2002',
    });
    await prisma.clockState.create({ data: { id: 'simulated', now: at, origin: 'system' } });
    await prisma.scheduledJobRun.create({ data: { scheduleId: 's', scheduledFor: at } });
    await expect(prisma.scheduledJobRun.create({ data: { scheduleId: 's', scheduledFor: at } })).rejects.toMatchObject({ code: 'P2002' });
    await prisma.settlementDay.create({ data: { day: at, closedAt: at } });
    await prisma.priceBookVersion.create({
      data: {
        id: 'v-test',
        effectiveFrom: at,
        prepaidMonthsOnSale: [1],
        prepaidMinUnits: 1,
        unitDau: 10000,
        partialMonthPolicy: 'days_30',
        noQuestionsRefundDays: 5,
        entitlements: {},
        regions: {
          create: [
            {
              region: 'ap-shanghai',
              market: 'domestic',
              prepaidUnitPrice: '800.12345678',
              paygFreeMaxDau: 1000,
              paygFixedMaxDau: 10000,
              paygFixedDailyFee: '32',
              paygPerDauFee: '0.0032',
            },
          ],
        },
      },
    });
    await prisma.priceBookPrepaidDiscount.create({
      data: { versionId: 'v-test', region: 'ap-shanghai', minUnits: 1, minMonths: 1, discount: '1' },
    });
    await prisma.priceBookLoyaltyDiscount.create({
      data: { versionId: 'v-test', region: 'ap-shanghai', fromChargedDay: 1, discount: '1' },
    });
    const region = await prisma.priceBookRegion.findFirstOrThrow({ where: { versionId: 'v-test' } });
    expect(region.prepaidUnitPrice.toString()).toBe('800.12345678');
    // CHECK constraints the schema cannot express hold in the database.
    await expect(prisma.apiKey.create({ data: { name: 'k', role: 'root', keyHash: 'h2', keyPrefix: 'pb_' } })).rejects.toThrow();
    await expect(
      prisma.priceBookLoyaltyDiscount.create({ data: { versionId: 'v-test', region: 'ap-shanghai', fromChargedDay: 2, discount: '1.5' } }),
    ).rejects.toThrow();
  });

  it('refuses a migration edited after it was applied', async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query(`UPDATE "_prisma_migrations" SET checksum = 'x' WHERE migration_name = $1`, [readMigrations(MIGRATIONS)[0].name]);
    await client.end();
    await expect(migrate(url, MIGRATIONS)).rejects.toThrow(/checksum differs/);
  });
});
