import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { ApiKeyRecord } from '../../../core/src/auth/api-key.types';
import { ApiKeyService } from '../../../core/src/auth/api-key.service';
import { keyOfAuthorization } from '../../../core/src/auth/api-key.format';
import type { RequestContext } from '../../../core/src/auth/request-context';
import type { Role } from '../../../core/src/auth/roles';
import type { ResourceKind } from '../../../core/src/auth/resource-kind';
import { TenantScope } from '../../../core/src/auth/tenant-scope';
import { Clock } from '../../../core/src/clock/clock';
import { DomainError } from '../../../core/src/errors/domain-error';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';
import { RouteScope, SCOPE_KEY } from './scope.decorator';

/**
 * Filled by the request-context hook: `apiKey` authenticated once, before rate
 * limits (null: no or unknown key; `authenticationFailure` when the lookup
 * itself failed), and the context the request runs in.
 */
export type AuthenticatedRequest = FastifyRequest & {
  apiKey?: ApiKeyRecord | null;
  authenticationFailure?: unknown;
  requestContext?: RequestContext;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Fields of a query or body that name a resource, and its kind. */
const REFERENCES: [string, ResourceKind][] = [
  ['accountId', 'account'],
  ['appId', 'app'],
  ['appIds', 'app'],
  ['orderId', 'order'],
  ['subscriptionId', 'subscription'],
];

function uuids(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v): v is string => typeof v === 'string' && UUID.test(v));
}

/**
 * Bearer API key on every route but the public ones; fail closed: no @Roles
 * means admin only, and no declared scope means platform keys only.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyService,
    private readonly scope: TenantScope,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    // /health (the one public route) reads no clock, and must answer from its own bounded probes when Postgres is away.
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = keyOfAuthorization(request.headers.authorization);
    if (!token) throw new DomainError('UNAUTHENTICATED', 'missing Authorization: Bearer <api key>');
    // A store that failed the hook's lookup fails the request now: one bounded wait per request, not one per step.
    if (request.authenticationFailure !== undefined) throw request.authenticationFailure;
    const key = request.apiKey !== undefined ? request.apiKey : await this.keys.authenticate(token);
    if (!key) throw new DomainError('UNAUTHENTICATED', 'unknown, expired or revoked API key');
    await this.clock.sync();
    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (key.role !== 'admin' && !allowed.includes(key.role)) {
      throw new DomainError('FORBIDDEN', `role ${key.role} may not call this route`);
    }
    if (key.accountId) await this.checkScope(request, key.accountId, this.reflector.getAllAndOverride<RouteScope>(SCOPE_KEY, targets));
    return true;
  }

  private async checkScope(request: AuthenticatedRequest, accountId: string, scope: RouteScope | undefined): Promise<void> {
    if (!scope || scope === 'platform')
      throw new DomainError('FORBIDDEN', `a key scoped to account ${accountId} may not call a platform-wide route`);
    const query = (request.query ?? {}) as Record<string, unknown>;
    if (scope.filterQuery && query.accountId === undefined) query.accountId = accountId;
    const params = (request.params ?? {}) as Record<string, unknown>;
    const body = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
    if (scope.id) await this.scope.ensureOwned(scope.id, uuids(params.id));
    for (const [field, kind] of REFERENCES) {
      await this.scope.ensureOwned(kind, [...uuids(query[field]), ...uuids(body[field])]);
    }
  }
}
