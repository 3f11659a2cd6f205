#!/usr/bin/env bash
# The test command: generate the client, then every unit, integration and e2e spec
# against the local Postgres and Redis (each run makes and drops its own databases).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent prisma:generate >/dev/null
npx tsc -p tsconfig.json --noEmit
npx jest --ci "$@"
