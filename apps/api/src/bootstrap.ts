import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ApiKeyService } from '../../core/src/auth/api-key.service';
import { APP_CONFIG } from '../../core/src/config/config.module';
import type { AppConfig } from '../../core/src/config/config';
import { ApiModule } from './api.module';
import { openApiDocument } from './common/openapi/document';
import { BODY_LIMIT_BYTES, installInputLimits } from './common/input-limits';
import { installAuditTrail } from './audit/audit.hook';
import { installHtmlPages } from './auth/html-pages';
import { installRateLimits } from './auth/rate-limits';
import { installRequestContext } from './auth/request-context.hook';
import { validationPipe } from './common/validation';
import { installOperations } from './operations';

/** Builds the HTTP application (used by main.ts and by the e2e tests). */
export async function createApi(options: { logger?: boolean } = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule,
    // A request on a kept-alive connection during shutdown is served, not refused with a 503 (SPEC 15).
    new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, return503OnClosing: false }),
    { bufferLogs: true, abortOnError: false },
  );
  if (options.logger !== false) app.useLogger(app.get(Logger));
  installInputLimits(app);
  installRequestContext(app);
  await installRateLimits(app);
  await installHtmlPages(app);
  installAuditTrail(app);
  app.useGlobalPipes(validationPipe());

  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs/json' });
  await installOperations(app);

  const config = app.get<AppConfig>(APP_CONFIG);
  if (config.adminApiKey) await app.get(ApiKeyService).bootstrapAdmin(config.adminApiKey);
  return app;
}
