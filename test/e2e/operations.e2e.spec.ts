import { addDays } from '../../apps/core/src/clock/calendar';
import { Clock } from '../../apps/core/src/clock/clock';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { JOBS } from '../../apps/core/src/queue/jobs';
import { QUEUES } from '../../apps/core/src/queue/queues';
import { lastSettleableDay } from '../../apps/core/src/settlement/settlement.rules';
import { eventually } from '../support/receivers';
import { answer } from '../support/api-client';
import { TestSystem } from '../support/system';

/** /metrics and the queue dashboard, over HTTP, with a real worker recording its jobs. */
describe('the operations surface', () => {
  let system: TestSystem;
  let readonlyKey: string;

  beforeAll(async () => {
    system = await TestSystem.start({ worker: true });
    readonlyKey = await system.newKey('readonly');
  }, 30_000);
  afterAll(async () => system.stop());

  // Raw requests: /metrics (Prometheus text) and /admin/queues (Bull Board) are not operations of the API document.
  const raw = async (url: string, headers: Record<string, string> = {}) => {
    const response = await system.api.inject({ method: 'GET', url, headers });
    return { status: response.statusCode, headers: response.headers, body: response.body };
  };
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const scrape = async () => {
    const reply = await raw('/metrics', bearer(readonlyKey));
    expect(reply.status).toBe(200);
    return reply.body;
  };

  describe('GET /metrics', () => {
    it('is for reading keys only', async () => {
      expect((await raw('/metrics')).status).toBe(401);
      expect((await raw('/metrics', bearer(await system.newKey('ingest')))).status).toBe(403);
      const reply = await raw('/metrics', bearer(readonlyKey));
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toContain('text/plain; version=0.0.4');
    });

    it('counts HTTP requests by route pattern and status, unmatched routes included', async () => {
      await raw('/v1/clock', bearer(readonlyKey));
      await raw('/v1/accounts/4b0c6a43-2f3e-4a4b-9b53-3f3c3e0d9a11', bearer(readonlyKey));
      await raw('/no/such/route', bearer(readonlyKey));
      const text = await scrape();
      expect(text).toMatch(/^http_requests_total\{method="GET",route="\/v1\/clock",status="200"\} [1-9]/m);
      expect(text).toMatch(/^http_requests_total\{method="GET",route="\/v1\/accounts\/:id",status="404"\} 1$/m);
      expect(text).toMatch(/^http_requests_total\{method="GET",route="unmatched",status="404"\} 1$/m);
      expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/v1\/clock",status="200"\} \d+$/m);
      expect(text).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/v1\/clock",status="200"\} [1-9]/m);
    });

    it('shows the jobs every worker ran, by queue, name and outcome, with their durations, and the queues', async () => {
      await system.api
        .get<Queue>(getQueueToken('notifications'))
        .add(JOBS.notifications.tick, { scheduleId: 'notifications-relay', scheduledFor: new Date().toISOString() });
      const text = await eventually(async () => {
        const body = await scrape();
        return (
          /bullmq_job_duration_seconds_count\{queue="notifications",name="notifications.tick",outcome="completed"\} [1-9]/.test(body) &&
          body
        );
      });
      expect(text).toContain('# TYPE bullmq_job_duration_seconds histogram');
      expect(text).toMatch(
        /^bullmq_job_duration_seconds_bucket\{queue="notifications",name="notifications.tick",outcome="completed",le="\+Inf"\} [1-9]/m,
      );
      expect(text).toMatch(
        /^bullmq_job_duration_seconds_sum\{queue="notifications",name="notifications.tick",outcome="completed"\} [0-9.e-]+$/m,
      );
      for (const queue of QUEUES) {
        expect(text).toMatch(new RegExp(`^bullmq_queue_jobs\\{queue="${queue}",state="waiting"\\} \\d+$`, 'm'));
      }
      expect(text).toMatch(/^notification_backlog\{stage="pendingNoticeDeliveries"\} \d+$/m);
    }, 20_000);

    it('shows the settlement lag in days once a day has been settled', async () => {
      expect(await scrape()).not.toMatch(/^settlement_lag_days /m);
      const due = lastSettleableDay(system.api.get(Clock).now(), 'Asia/Shanghai');
      await system.prisma.settlementDay.create({ data: { day: new Date(`${addDays(due, -2)}T00:00:00Z`), closedAt: new Date() } });
      expect(await scrape()).toMatch(/^settlement_lag_days 2$/m);
      await system.prisma.settlementDay.createMany({
        data: [-1, 0].map((offset) => ({ day: new Date(`${addDays(due, offset)}T00:00:00Z`), closedAt: new Date() })),
      });
      expect(await scrape()).toMatch(/^settlement_lag_days 0$/m);
    });
  });

  describe('the queue dashboard at /admin/queues', () => {
    it('asks a browser for the key and refuses keys that are not admin', async () => {
      const anonymous = await raw('/admin/queues');
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['www-authenticate']).toContain('Basic realm="push-billing queues"');
      expect(JSON.parse(anonymous.body)).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
      expect((await raw('/admin/queues', bearer('pb_not_a_key'))).status).toBe(401);
      for (const role of ['readonly', 'ops', 'ingest']) {
        const reply = await raw('/admin/queues', bearer(await system.newKey(role)));
        expect(reply.status).toBe(403);
        expect(JSON.parse(reply.body)).toMatchObject({ code: 'FORBIDDEN' });
      }
      expect((await raw('/admin/queues/api/queues', bearer(readonlyKey))).status).toBe(403);
    });

    it('opens for an admin key, as a Bearer token or as the Basic auth password', async () => {
      const page = await raw('/admin/queues', bearer(system.adminKey));
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      const basic = { authorization: `Basic ${Buffer.from(`operator:${system.adminKey}`).toString('base64')}` };
      expect((await raw('/admin/queues', basic)).status).toBe(200);
      const api = await raw('/admin/queues/api/queues', basic);
      expect(api.status).toBe(200);
      expect(
        JSON.parse(api.body)
          .queues.map((q: { name: string }) => q.name)
          .sort(),
      ).toEqual([...QUEUES].sort());
    });

    it('refuses a revoked admin key at once', async () => {
      const { data: created } = await answer(system.http.POST('/v1/api-keys', { body: { name: 'second admin', role: 'admin' } }));
      expect((await raw('/admin/queues', bearer(created!.key))).status).toBe(200);
      await system.http.DELETE('/v1/api-keys/{id}', { params: { path: { id: created!.id } } });
      expect((await raw('/admin/queues', bearer(created!.key))).status).toBe(401);
    });
  });
});
