import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../../core/src/errors/domain-error';
import { InputFault, inputFault } from '../../../core/src/input/input.rules';

/** Body size limit (SPEC 15): a larger body is refused with 413 PAYLOAD_TOO_LARGE before it is parsed. */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

interface InputLimitsConfig {
  /** The route refuses strings with control characters item by item itself (so one bad item fails alone). */
  stringsCheckedPerItem?: boolean;
}

/** For a route whose body holds independent items (DAU reports): only the depth of its body is checked at the edge. */
export const StringsCheckedPerItem = () => RouteConfig({ stringsCheckedPerItem: true } satisfies InputLimitsConfig);

function firstFault(request: FastifyRequest): InputFault | null {
  const config = (request.routeOptions.config ?? {}) as InputLimitsConfig;
  return (
    inputFault(request.params, 'params') ??
    inputFault(request.query, 'query') ??
    inputFault(request.body, 'body', { checkStrings: !config.stringsCheckedPerItem })
  );
}

/**
 * The limits shared by every route, checked once before any guard, pipe or
 * handler sees the request: a fault is a 400 VALIDATION_FAILED naming the
 * field (through the error filter), never a 5xx further in.
 */
export function installInputLimits(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('preValidation', async (request) => {
      const fault = firstFault(request);
      if (fault) throw DomainError.validation(fault.field, fault.message);
    });
}
