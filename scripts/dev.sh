#!/usr/bin/env bash
# The service on one machine: Postgres and Redis (from DATABASE_URL/REDIS_URL, or
# docker-compose.yml when those do not answer), migrated and seeded, then the API
# and one worker in the foreground. Ctrl-C or SIGTERM stops both (each finishes
# its in-flight work), and so does either of them exiting.
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/push_billing}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export ADMIN_API_KEY="${ADMIN_API_KEY:-dev-admin-key-change-me}"

[ -d node_modules ] || npm ci --no-audit --no-fund

pg_answers() { node -e "new (require('pg').Client)({connectionString: process.argv[1]}).connect().then(c=>process.exit(0),()=>process.exit(1))" "$1"; }
server_url() { node -e "const u=new URL(process.argv[1]); u.pathname='/postgres'; console.log(u.toString())" "$DATABASE_URL"; }
if ! pg_answers "$(server_url)"; then
  echo "Postgres does not answer at DATABASE_URL: starting docker-compose.yml's"
  docker compose up -d --wait postgres redis
fi
# Create the database named in DATABASE_URL when it is missing.
node -e "
const { Client } = require('pg');
const target = new URL(process.argv[1]); const name = target.pathname.slice(1);
const admin = new URL(process.argv[1]); admin.pathname = '/postgres';
const c = new Client({ connectionString: admin.toString() });
c.connect().then(async () => {
  const r = await c.query('SELECT 1 FROM pg_database WHERE datname = \$1', [name]);
  if (!r.rowCount) await c.query('CREATE DATABASE \"' + name.replace(/\"/g, '') + '\"');
  await c.end();
}).catch((e) => { console.error(e.message); process.exit(1); });
" "$DATABASE_URL"

# SKIP_BUILD=1: restart on the build already in dist/ (quicker when nothing changed).
[ "${SKIP_BUILD:-}" = 1 ] || npm run build
npm run db:migrate
npm run db:seed

# The processes themselves, not `npm run` wrappers, so the signal reaches them;
# and by process id rather than `kill 0`, which would also hit whatever started
# this script when it shares its process group (a CI job, a test).
node dist/apps/api/src/main.js &
api=$!
node dist/apps/worker/src/main.js &
worker=$!
stop() {
  trap - INT TERM EXIT
  kill -TERM "$api" "$worker" 2>/dev/null || true
  wait "$api" "$worker" 2>/dev/null || true
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT
set +e
wait -n "$api" "$worker"
status=$?
stop
exit "$status"
