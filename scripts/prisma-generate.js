#!/usr/bin/env node
// Prisma 7's CLI wants a native schema-engine binary even for `generate`, which
// is wasm-only; it is fetched from a server unreachable here, so point it at any
// existing file (it is never executed by `generate`).
const { spawnSync } = require('node:child_process');
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath };
const result = spawnSync(process.execPath, [require.resolve('prisma/build/index.js'), 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
