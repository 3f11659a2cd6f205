import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { auditEvent } from '../../../core/src/audit/audit-event';
import { AuditService } from '../../../core/src/audit/audit.service';
import type { RequestContext, WriteFacts } from '../../../core/src/auth/request-context';
import type { AuthenticatedRequest } from '../auth/api-key.guard';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** DAU reports are most of the traffic: only refused ones are recorded (an accepted one is its own record, in usage). */
const INGEST = '/v1/usage/dau';

type AuditedRequest = AuthenticatedRequest & { answered?: unknown };

const text = (value: unknown) => (typeof value === 'string' ? value : null);

/** The kind of resource a route acts on: its first segment after the version (`accounts`, `apps`, `api-keys`...). */
function resourceType(route: string): string | null {
  const segments = route.split('/').filter(Boolean);
  return segments[0] === 'v1' ? (segments[1] ?? null) : (segments[0] ?? null);
}

/** What a write request acts on, from its route, `:id`, body and key. */
function writeFacts(request: FastifyRequest, context: RequestContext): WriteFacts {
  const route = request.routeOptions.url;
  const params = (request.params ?? {}) as Record<string, unknown>;
  const body = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
  const type = route ? resourceType(route) : null;
  const resourceId = text(params.id);
  return {
    action: `${request.method} ${route ?? 'unmatched'}`,
    resourceType: type,
    resourceId,
    accountId: context.actor?.accountId ?? (type === 'accounts' ? resourceId : null) ?? text(body.accountId),
    audited: false,
  };
}

const contextOf = (request: FastifyRequest): RequestContext =>
  (request as AuthenticatedRequest).requestContext ?? { requestId: String(request.id), ip: request.ip, actor: null };

/**
 * One audit event per write request, allowed or refused: the acting key, the
 * action (method and route pattern), the resource (the route's :id, or the id
 * the answer created), the account, the request id, the client address and
 * the status. The write's facts go into the request context before its
 * handler runs, so that a money write records its event in its own
 * transaction (AuditService.recordWithin); every other request, and every
 * refusal, is recorded here after the answer.
 */
export function installAuditTrail(app: NestFastifyApplication): void {
  const audit = app.get(AuditService);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('preHandler', (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    const context = (request as AuthenticatedRequest).requestContext;
    if (context && WRITES.has(request.method) && request.routeOptions.url !== INGEST) context.write = writeFacts(request, context);
    done();
  });
  fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    // Never on ingest: its answers are not recorded, and parsing them would cost the hot path.
    if (
      WRITES.has(request.method) &&
      reply.statusCode < 300 &&
      request.routeOptions.url !== INGEST &&
      !contextOf(request).write?.audited &&
      typeof payload === 'string' &&
      payload.startsWith('{')
    ) {
      try {
        (request as AuditedRequest).answered = JSON.parse(payload);
      } catch {
        // not JSON: nothing to learn from the answer
      }
    }
    return payload;
  });
  fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!WRITES.has(request.method)) return;
    if (request.routeOptions.url === INGEST && reply.statusCode < 400) return;
    const context = contextOf(request);
    if (context.write?.audited) return;
    const write = context.write ?? writeFacts(request, context);
    void audit.record(auditEvent(context, write, reply.statusCode, (request as AuditedRequest).answered));
  });
}
