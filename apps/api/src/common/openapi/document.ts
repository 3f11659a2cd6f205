import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The tags of the document, one per domain, in the order the UI lists them. */
const TAGS: [string, string][] = [
  ['accounts', 'Customer accounts and their privileges'],
  ['wallet', 'Top-ups, vouchers and the ledger of an account'],
  ['messages', 'In-site messages: the notices of an account'],
  ['apps', 'Apps: creation, state, capabilities, entitlements, charity'],
  ['usage', 'Daily active devices reported by the push gateways'],
  ['quotes', 'Price previews'],
  ['orders', 'Prepaid purchases, pay-as-you-go activation, refunds'],
  ['subscriptions', 'Prepaid subscriptions: renewal, upgrade, auto-renewal'],
  ['bills', 'Daily pay-as-you-go bills'],
  ['notifications', 'Who hears about notices, on which channels, and where they went'],
  ['webhooks', "Signed lifecycle events POSTed to the customer's endpoints"],
  ['api-keys', 'API keys and their roles'],
  ['clock', 'The time the system runs on (and the simulated clock)'],
  ['health', 'Liveness and readiness'],
];

const DESCRIPTION = [
  'Billing and subscription lifecycle of the push service.',
  '',
  'Every route but `/health` needs `Authorization: Bearer <api key>` (`/docs` too, unless DOCS_PUBLIC=true); a key has one role',
  '(`admin`, `ops`, `ingest`, `readonly`). Money is a decimal string with two decimals (CNY), dates are',
  '`YYYY-MM-DD` in the billing time zone, instants ISO 8601. Every refusal has the shape `ErrorResponse`,',
  'whose `code` is stable. Money writes take an `Idempotency-Key` header: a retry under the same key and body',
  'gets the first answer again (marked `Idempotent-Replayed: true`) and moves money once.',
].join('\n');

/** The OpenAPI document of the API, as `/docs/json` serves it. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('push-billing')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .addServer('/', 'the host that serves this document')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an API key: `Authorization: Bearer <key>`' }, 'bearer')
    .addSecurityRequirements('bearer');
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const config = builder.build();
  // Proprietary (package.json: UNLICENSED): there is no public licence text to link to.
  config.info.license = { name: 'UNLICENSED: proprietary' };
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
}
