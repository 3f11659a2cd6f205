import { connect } from 'node:net';
import { freshDatabase, withAdminClient } from '../support/database';
import { BuiltProcess, freePort, requireFreshBuild, startBuilt, untilHealthy } from '../support/built-process';
import { query } from '../support/faults';
import type { Reply } from '../support/system';

const DAY = '2026-04-01';
const GRACE_MS = 8000;
const APPS = 10;
const CLIENTS = 12;

/**
 * SIGTERM of one of two API processes under ingest load (SPEC 15): clients
 * that move to the other process when a connection is refused see no 5xx,
 * every accepted report is in the day totals, /health answers 503 while the
 * process drains, and it exits within SHUTDOWN_GRACE_MS.
 */
describe('SIGTERM of an API process under ingest load', () => {
  let database: { name: string; url: string; queuePrefix: string };
  let env: NodeJS.ProcessEnv;
  const started: BuiltProcess[] = [];

  beforeAll(async () => {
    requireFreshBuild();
    database = await freshDatabase();
    env = {
      ...process.env,
      DATABASE_URL: database.url,
      QUEUE_PREFIX: database.queuePrefix,
      CLOCK_MODE: 'simulated',
      CLOCK_START: `${DAY}T12:00:00+08:00`,
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
    };
  });
  afterAll(async () => {
    for (const process of started) process.child.kill('SIGKILL');
    await Promise.all(started.map((process) => process.exited));
    await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${database.name}" WITH (FORCE)`));
  });

  async function api(): Promise<{ port: number; process: BuiltProcess }> {
    const port = await freePort();
    const process = startBuilt('api', { ...env, PORT: String(port) });
    started.push(process);
    await untilHealthy(port).catch((error: Error) => {
      throw new Error(`${error.message}\n${process.stderr()}`);
    });
    return { port, process };
  }

  const post = async (port: number, path: string, body: unknown, key = process.env.ADMIN_API_KEY!) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Reply['body'] };
  };

  it('loses no report, shows no 5xx, answers /health 503 while draining and exits within the grace', async () => {
    const [victim, survivor] = await Promise.all([api(), api()]);
    const ingestKey = (await post(survivor.port, '/v1/api-keys', { name: 'gateway', role: 'ingest' })).body.key;
    const accountId = (await post(survivor.port, '/v1/accounts', { name: 'Acme' })).body.id;
    const apps: string[] = [];
    for (let i = 0; i < APPS; i++) {
      apps.push(
        (await post(survivor.port, '/v1/apps', { accountId, name: `app ${i}`, platform: 'android', region: 'ap-guangzhou' })).body.id,
      );
    }

    // Each client reports growing snapshots of its own source, to the victim first, and on a refused or broken connection to the survivor.
    const statuses: number[] = [];
    const highest = new Map<string, number>();
    let stopping = false;
    let terminatedAt = 0;
    const client = async (c: number) => {
      for (let n = 1; n <= 40 || !stopping; n++) {
        const report = { appId: apps[n % APPS], date: DAY, dau: n, source: `client-${c}` };
        let answer: { status: number; body: any } | null = null;
        for (const port of [victim.port, survivor.port]) {
          answer = await post(port, '/v1/usage/dau', { reports: [report] }, ingestKey).catch(() => null);
          if (answer) break;
        }
        if (!answer) throw new Error('both API processes refused a report');
        statuses.push(answer.status);
        if (answer.status === 200 && answer.body.results[0].status === 'accepted') {
          const key = `${report.appId}|${report.source}`;
          highest.set(key, Math.max(highest.get(key) ?? 0, report.dau));
        }
        if (n >= 400) break;
      }
    };
    const load = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));

    // A request in flight on the victim when SIGTERM comes, with a /health check pipelined behind it on the same connection.
    const held = holdRequest(victim.port, ingestKey, { appId: apps[0], date: DAY, dau: 7, source: 'held' });
    await held.headersSent;
    await new Promise((resolve) => setTimeout(resolve, 300));
    terminatedAt = Date.now();
    victim.process.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [ingestAnswer, healthAnswer] = await held.finish();
    const exitCode = await victim.process.exited;
    const exitedAfterMs = Date.now() - terminatedAt;
    stopping = true;
    await load;

    expect(ingestAnswer).toMatch(/^HTTP\/1\.1 200/);
    expect(ingestAnswer).toContain('"accepted"');
    expect(healthAnswer).toMatch(/^HTTP\/1\.1 503/);
    expect(healthAnswer).toContain('"shutting_down"');
    expect(exitCode).toBe(0);
    expect(exitedAfterMs).toBeLessThan(GRACE_MS);
    expect(statuses.length).toBeGreaterThanOrEqual(CLIENTS * 40);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);

    highest.set(`${apps[0]}|held`, 7);
    const expected = new Map<string, number>();
    for (const [key, dau] of highest) expected.set(key.split('|')[0], (expected.get(key.split('|')[0]) ?? 0) + dau);
    const totals = await query<{ app_id: string; dau: number }>(database.url, `SELECT app_id::text, dau FROM daily_usage WHERE day = $1`, [
      DAY,
    ]);
    expect(new Map(totals.map((row) => [row.app_id, row.dau]))).toEqual(expected);
  });
});

/**
 * One ingest request whose body is held back until `finish`, and a /health
 * request pipelined behind it on the same connection: what a client mid-way
 * through a request sees when the process is told to stop.
 */
function holdRequest(port: number, key: string, report: unknown) {
  const body = JSON.stringify({ reports: [report] });
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  const headersSent = new Promise<void>((resolve) =>
    socket.on('connect', () => {
      socket.write(
        `POST /v1/usage/dau HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
        () => resolve(),
      );
    }),
  );
  return {
    headersSent,
    finish: async (): Promise<[string, string]> => {
      socket.write(`${body}GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
      await ended;
      const second = received.indexOf('HTTP/1.1', 1);
      return second < 0 ? [received, ''] : [received.slice(0, second), received.slice(second)];
    },
  };
}
