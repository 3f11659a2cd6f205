import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { keyOfAuthorization } from '../../../core/src/auth/api-key.format';
import { ApiKeyService } from '../../../core/src/auth/api-key.service';
import { RequestContext, requestContext } from '../../../core/src/auth/request-context';
import type { AuthenticatedRequest } from './api-key.guard';

/**
 * The first hook of every request: authenticates its key once (cached; an
 * unknown token is remembered as unknown, so floods cost no lookups) and runs
 * the rest of the request inside its context, where the acting key is read by
 * the rate limits, the guard, the services and the audit trail.
 */
export function installRequestContext(app: NestFastifyApplication): void {
  const keys = app.get(ApiKeyService);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
      const context: RequestContext = { requestId: String(request.id), ip: request.ip, actor: null };
      (request as AuthenticatedRequest).requestContext = context;
      const token = keyOfAuthorization(request.headers.authorization);
      const authenticated = token ? keys.authenticate(token) : Promise.resolve(null);
      authenticated.then(
        (key) => {
          (request as AuthenticatedRequest).apiKey = key;
          if (key) context.actor = { keyId: key.id, keyName: key.name, role: key.role, accountId: key.accountId, regions: key.regions };
          requestContext.run(context, () => done());
        },
        // The store is away: the guard raises this failure on the route's error path (asking again would double the wait).
        (error: unknown) => {
          (request as AuthenticatedRequest).authenticationFailure = error;
          requestContext.run(context, () => done());
        },
      );
    });
}
