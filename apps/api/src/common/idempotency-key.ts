import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiIdempotencyKey } from './openapi/decorators';
import { DomainError } from '../../../core/src/errors/domain-error';
import { IDEMPOTENCY_KEY_HEADER, isValidIdempotencyKey } from '../../../core/src/idempotency/idempotency.rules';

type Mode = 'required' | 'optional';
const MODE_KEY = 'idempotencyKeyMode';
const HEADER = IDEMPOTENCY_KEY_HEADER.toLowerCase();

function headerOf(request: FastifyRequest): string | undefined {
  const value = request.headers[HEADER];
  return Array.isArray(value) ? value[0] : value;
}

/** Refuses a missing (when required) or malformed key before the route's pipes and handler run. */
@Injectable()
export class IdempotencyKeyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const mode = this.reflector.get<Mode>(MODE_KEY, context.getHandler());
    const key = headerOf(context.switchToHttp().getRequest<FastifyRequest>());
    if (key === undefined || key === '') {
      if (mode === 'optional') return true;
      throw new DomainError(
        'IDEMPOTENCY_KEY_REQUIRED',
        `this write moves money: send an ${IDEMPOTENCY_KEY_HEADER} header, and the same one when you retry it`,
        {
          field: IDEMPOTENCY_KEY_HEADER,
        },
      );
    }
    if (!isValidIdempotencyKey(key)) {
      throw DomainError.validation(
        IDEMPOTENCY_KEY_HEADER,
        `${IDEMPOTENCY_KEY_HEADER} must be 1 to 200 printable characters without spaces`,
      );
    }
    return true;
  }
}

/**
 * A write a client may retry. `required` (every money write, SPEC 15): no key
 * is 400 IDEMPOTENCY_KEY_REQUIRED. `optional`: a key, when given, makes a
 * retry replay the first answer. Read the key with @IdempotencyKeyHeader().
 */
export const IdempotentWrite = (mode: Mode) =>
  applyDecorators(SetMetadata(MODE_KEY, mode), UseGuards(IdempotencyKeyGuard), ApiIdempotencyKey(mode === 'required'));

/** The Idempotency-Key of a route marked @IdempotentWrite (already checked by its guard). */
export const IdempotencyKeyHeader = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  const key = headerOf(context.switchToHttp().getRequest<FastifyRequest>());
  return key === '' ? undefined : key;
});
