#!/usr/bin/env bash
# The test command: generate the Prisma client and the typed API client (from the
# document the API serves, linted first), then every unit, integration and e2e spec
# against the local Postgres and Redis (each run makes and drops its own databases).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent prisma:generate >/dev/null
npm run --silent openapi:generate
npx redocly lint generated/openapi/openapi.json --config redocly.yaml --format=summary
npx tsc -p tsconfig.json --noEmit
npx jest --ci "$@"
