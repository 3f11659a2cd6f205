import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { ApiKeyRecord } from '../../../core/src/auth/api-key.repository';
import { ApiKeyService } from '../../../core/src/auth/api-key.service';
import type { Role } from '../../../core/src/auth/roles';
import { Clock } from '../../../core/src/clock/clock';
import { DomainError } from '../../../core/src/errors/domain-error';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

export type AuthenticatedRequest = FastifyRequest & { apiKey?: ApiKeyRecord };

/** Bearer API key on every route but the public ones; fail closed: no @Roles means admin only. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyService,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.clock.sync();
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) throw new DomainError('UNAUTHENTICATED', 'missing Authorization: Bearer <api key>');
    const key = await this.keys.authenticate(match[1]);
    if (!key) throw new DomainError('UNAUTHENTICATED', 'unknown or revoked API key');
    request.apiKey = key;
    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (key.role !== 'admin' && !allowed.includes(key.role)) {
      throw new DomainError('FORBIDDEN', `role ${key.role} may not call this route`);
    }
    return true;
  }
}
