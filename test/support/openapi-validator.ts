import { openApiDocument } from '../../apps/api/src/common/openapi/document';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Schema = any;

const ROOT = 'openapi.json';

/**
 * An OpenAPI 3.0 schema as JSON Schema for ajv: `nullable` becomes a union with
 * null, `$ref`s point into the document added to ajv, and an object that lists
 * its properties is closed, so an answer field the document does not name fails.
 */
function toJsonSchema(schema: Schema): Schema {
  if (!schema || typeof schema !== 'object') return schema;
  if (schema.$ref) return { $ref: `${ROOT}${schema.$ref}` }; // OpenAPI 3.0 ignores the siblings of a $ref
  const {
    nullable,
    example: _example,
    examples: _examples,
    properties,
    items,
    additionalProperties,
    allOf,
    anyOf,
    oneOf,
    not,
    ...rest
  } = schema;
  const out: Schema = { ...rest };
  if (properties) out.properties = Object.fromEntries(Object.entries(properties).map(([name, s]) => [name, toJsonSchema(s)]));
  if (items) out.items = toJsonSchema(items);
  if (not) out.not = toJsonSchema(not);
  for (const [keyword, list] of Object.entries({ allOf, anyOf, oneOf })) if (list) out[keyword] = (list as Schema[]).map(toJsonSchema);
  if (additionalProperties !== undefined) {
    out.additionalProperties = typeof additionalProperties === 'object' ? toJsonSchema(additionalProperties) : additionalProperties;
  } else if (out.type === 'object' && properties) {
    out.additionalProperties = false;
  }
  return nullable ? { anyOf: [{ type: 'null' }, out] } : out;
}

interface Route {
  template: string;
  pattern: RegExp;
  operations: Record<string, Schema>;
}

/** Checks answers against the document the API serves: its own words about every route it answers. */
export class AnswerValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly routes: Route[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: Schema) {
    addFormats(this.ajv);
    const schemas = Object.fromEntries(Object.entries(document.components?.schemas ?? {}).map(([name, s]) => [name, toJsonSchema(s)]));
    this.ajv.addSchema({ $id: ROOT, components: { schemas } });
    // Literal segments win over parameters: /v1/orders/payg before /v1/orders/{id}.
    this.routes = Object.entries(document.paths as Record<string, Record<string, Schema>>)
      .map(([template, operations]) => ({
        template,
        operations,
        pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      }))
      .sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
  }

  /** Throws, saying what differs, when the answer is not one the document describes for the route. */
  check(method: string, url: string, status: number, contentType: string | undefined, body: string): void {
    const path = url.split('?')[0];
    const route = this.routes.find((r) => r.pattern.test(path) && r.operations[method.toLowerCase()]);
    const where = `${method} ${url} answered ${status}`;
    // Left out of the document on purpose: the document and its UI, the Prometheus scrape, the queue dashboard.
    if (/^\/(docs|metrics|admin\/queues)(\/|$)/.test(path)) return;
    if (!route) {
      // Not an operation of the document: only "no such route" may answer, in the error format.
      if (status !== 404) throw new Error(`${where}, but the document has no ${method} ${path}`);
      return this.validate('404 of an unknown route', { $ref: '#/components/schemas/ErrorResponse' }, where, body);
    }
    const responses = route.operations[method.toLowerCase()].responses ?? {};
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => responses[k]);
    if (!key)
      throw new Error(
        `${where}, a status the document does not list for ${method} ${route.template} (it lists ${Object.keys(responses).join(', ')})`,
      );
    const content = responses[key].content as Record<string, { schema?: Schema }> | undefined;
    if (!content) {
      if (body.length > 0) throw new Error(`${where} with a body, but the document describes none`);
      return;
    }
    const mediaType = (contentType ?? '').split(';')[0].trim();
    const described = content[mediaType];
    if (!described)
      throw new Error(`${where} as ${mediaType || 'no content type'}, but the document says ${Object.keys(content).join(', ')}`);
    if (mediaType === 'application/json' && described.schema) {
      this.validate(`${method} ${route.template} ${key}`, described.schema, where, body);
    }
  }

  private validate(cacheKey: string, schema: Schema, where: string, body: string): void {
    let validate = this.compiled.get(cacheKey);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema));
      this.compiled.set(cacheKey, validate);
    }
    let value: unknown;
    try {
      value = body.length > 0 ? JSON.parse(body) : undefined;
    } catch {
      throw new Error(`${where} with a body that is not JSON: ${body.slice(0, 200)}`);
    }
    if (!validate(value)) {
      const errors = (validate.errors ?? []).map(
        (e) => `${e.instancePath || '(body)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
      );
      throw new Error(`${where} with a body its document does not describe:\n  ${errors.join('\n  ')}\nbody: ${body.slice(0, 1000)}`);
    }
  }
}

const validators = new WeakMap<NestFastifyApplication, Promise<AnswerValidator>>();

/** The validator of one API instance, built once from the document it serves at /docs/json. */
export function validatorFor(api: NestFastifyApplication): Promise<AnswerValidator> {
  let validator = validators.get(api);
  if (!validator) {
    // The document /docs/json serves, built as it builds it: the tests revoke keys, and /docs needs one.
    validator = Promise.resolve(new AnswerValidator(JSON.parse(JSON.stringify(openApiDocument(api)))));
    validators.set(api, validator);
  }
  return validator;
}
