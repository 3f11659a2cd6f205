#!/usr/bin/env bash
# The test command: generate the Prisma client and the typed API client (from the
# document the API serves, linted first), then every unit, integration and e2e spec
# against the local Postgres and Redis (each run makes and drops its own databases); the
# build comes first because the fault tests start the built processes.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent prisma:generate >/dev/null
npm run --silent openapi:generate
npx redocly lint generated/openapi/openapi.json --config redocly.yaml --format=summary
npx tsc -p tsconfig.json --noEmit
# The fault tests signal and kill the built API and worker (test/support/built-process.ts).
npm run --silent build >/dev/null
npx jest --ci --maxWorkers=2 "$@"
