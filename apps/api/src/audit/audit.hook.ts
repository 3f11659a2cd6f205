import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditService } from '../../../core/src/audit/audit.service';
import type { AuthenticatedRequest } from '../auth/api-key.guard';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** DAU reports are most of the traffic: only refused ones are recorded (an accepted one is its own record, in usage). */
const INGEST = '/v1/usage/dau';

type AuditedRequest = AuthenticatedRequest & { answered?: { id?: unknown; accountId?: unknown } };

const text = (value: unknown) => (typeof value === 'string' ? value : null);

/** The kind of resource a route acts on: its first segment after the version (`accounts`, `apps`, `api-keys`...). */
function resourceType(route: string): string | null {
  const segments = route.split('/').filter(Boolean);
  return segments[0] === 'v1' ? (segments[1] ?? null) : (segments[0] ?? null);
}

/**
 * One audit event per write request, allowed or refused, written after the
 * answer: the acting key, the action (method and route pattern), the
 * resource (the route's :id, or the id the answer created), the account, the
 * request id, the client address and the status.
 */
export function installAuditTrail(app: NestFastifyApplication): void {
  const audit = app.get(AuditService);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    // Never on ingest: its answers are not recorded, and parsing them would cost the hot path.
    if (
      WRITES.has(request.method) &&
      reply.statusCode < 300 &&
      request.routeOptions.url !== INGEST &&
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
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === INGEST && reply.statusCode < 400) return;
    const { apiKey, answered } = request as AuditedRequest;
    const params = (request.params ?? {}) as Record<string, unknown>;
    const body = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
    const type = request.routeOptions.url ? resourceType(route) : null;
    const resourceId = text(params.id) ?? text(answered?.id);
    const accountId = apiKey?.accountId ?? (type === 'accounts' ? resourceId : null) ?? text(body.accountId) ?? text(answered?.accountId);
    void audit.record({
      keyId: apiKey?.id ?? null,
      keyName: apiKey?.name ?? null,
      role: apiKey?.role ?? null,
      action: `${request.method} ${route}`,
      resourceType: type,
      resourceId,
      accountId,
      requestId: String(request.id),
      ip: request.ip,
      status: reply.statusCode,
    });
  });
}
