import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG } from '../../../core/src/config/config.module';
import type { AppConfig } from '../../../core/src/config/config';
import type { AuthenticatedRequest } from './api-key.guard';

const DOCS = '/docs';
const HTML_PREFIXES = [DOCS, '/admin/queues'];

const under = (url: string, prefix: string) => url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`);

/**
 * The pages a browser opens: security headers (@fastify/helmet, its
 * defaults: CSP, no framing, no sniffing, HSTS) on the OpenAPI UI and the
 * queue dashboard, and the OpenAPI document and UI behind a key (Bearer, or
 * the password of HTTP Basic, which browsers prompt for) unless
 * DOCS_PUBLIC=true. The JSON API gets no helmet headers: they mean nothing to
 * its clients and cost the hot ingest path.
 */
export async function installHtmlPages(app: NestFastifyApplication): Promise<void> {
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.register(helmet, { global: false });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (!HTML_PREFIXES.some((prefix) => under(request.url, prefix))) return;
      await (reply as FastifyReply & { helmet: () => Promise<void> }).helmet();
      if (config.security.docsPublic || !under(request.url, DOCS)) return;
      if ((request as AuthenticatedRequest).apiKey) return;
      void reply.header('www-authenticate', 'Basic realm="push-billing docs", charset="UTF-8"');
      return reply.code(401).send({
        statusCode: 401,
        code: 'UNAUTHENTICATED',
        message: 'the API documentation needs an API key (Bearer, or as the Basic auth password)',
      });
    });
}
