import { defineConfig } from 'prisma/config';

// `generate` needs no database: a placeholder keeps the CLI usable offline.
export default defineConfig({
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' },
});
