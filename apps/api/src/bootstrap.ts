import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ApiKeyService } from '../../core/src/auth/api-key.service';
import { APP_CONFIG } from '../../core/src/config/config.module';
import type { AppConfig } from '../../core/src/config/config';
import { ApiModule } from './api.module';
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
    new FastifyAdapter({ bodyLimit: 2 * 1024 * 1024 }),
    { bufferLogs: true, abortOnError: false },
  );
  if (options.logger !== false) app.useLogger(app.get(Logger));
  installRequestContext(app);
  await installRateLimits(app);
  await installHtmlPages(app);
  installAuditTrail(app);
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('push-billing')
      .setDescription('Billing and subscription lifecycle of the push service. Money is a string with two decimals.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
  await installOperations(app);

  const config = app.get<AppConfig>(APP_CONFIG);
  if (config.adminApiKey) await app.get(ApiKeyService).bootstrapAdmin(config.adminApiKey);
  return app;
}
