import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { keyOfAuthorization } from '../../../core/src/auth/api-key.format';
import { ApiKeyService } from '../../../core/src/auth/api-key.service';
import { QUEUES } from '../../../core/src/queue/queues';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** Bull Board on every queue at /admin/queues, for admin keys only (it can retry and delete jobs). */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const keys = app.get(ApiKeyService);
  const board = new FastifyAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: QUEUES.map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false }))),
    serverAdapter: board,
  });

  const refuse = (reply: FastifyReply, status: 401 | 403, code: string, message: string) => {
    if (status === 401) void reply.header('www-authenticate', 'Basic realm="push-billing queues", charset="UTF-8"');
    return reply.code(status).send({ statusCode: status, code, message });
  };
  // An encapsulated scope: the admin check applies to the dashboard's routes and no others.
  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const key = keyOfAuthorization(request.headers.authorization);
      if (!key)
        return refuse(reply, 401, 'UNAUTHENTICATED', 'the queue dashboard needs an admin key (Bearer, or as the Basic auth password)');
      const record = await keys.authenticate(key);
      if (!record) return refuse(reply, 401, 'UNAUTHENTICATED', 'unknown or revoked API key');
      if (record.role !== 'admin') return refuse(reply, 403, 'FORBIDDEN', `role ${record.role} may not use the queue dashboard`);
    });
    await scope.register(board.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
  });
}
