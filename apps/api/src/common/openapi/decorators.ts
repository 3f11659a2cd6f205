import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_HEADER } from '../../../../core/src/idempotency/idempotency.rules';
import { ApiErrorCode, ErrorResponseDto, statusOf } from './error-response.dto';

/** What each code means to a client, shown in the document beside the statuses that carry it. */
const MEANING: Record<ApiErrorCode, string> = {
  VALIDATION_FAILED: 'a malformed or missing input; `field` names it',
  UNAUTHENTICATED: 'no API key, or an unknown or revoked one',
  INSUFFICIENT_BALANCE: 'the wallet cannot pay; `shortfall` says how much is missing',
  FORBIDDEN: "the key's role may not call this route",
  VOUCHER_EXPIRED: 'a voucher named by the order is past its last day; nothing was charged',
  IDEMPOTENCY_KEY_REQUIRED: 'a money write without an `Idempotency-Key` header; send one, and the same one on retry',
  PAYLOAD_TOO_LARGE: 'the body is over 2 MiB',
  UNAVAILABLE: 'Postgres (or, for some writes, Redis) is unreachable or overloaded; nothing was written; retry after `Retry-After` seconds',
  TOO_MANY_SOURCES: "a DAU report from a 17th source of one app's day (a per-report status of ingest)",
  NOT_FOUND: 'the resource (or one the request names) does not exist',
  APP_LIMIT_REACHED: 'the account already has the most apps allowed',
  SALES_CLOSED: 'the price book has stopped selling this',
  DAY_CLOSED: 'the billing day is settled and can no longer change',
  INVALID_STATE: 'the resource is not in a state that allows this',
  REFUND_NOT_ALLOWED: 'the refund is refused; `reason` says why',
  IDEMPOTENCY_CONFLICT: 'the Idempotency-Key was used with another request, or that request is still running',
  RATE_LIMITED: 'too many requests; retry later',
  INTERNAL: 'an unexpected failure; nothing was written',
};

/** Refusals every route behind the API-key guard can give (each reads Postgres, so each can find it away: 503). */
export const GUARDED_ROUTE_ERRORS: ApiErrorCode[] = ['UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED', 'UNAVAILABLE'];

/** The error answer of one status: the shared schema, its `code` narrowed to the codes given. */
export function errorResponseSchema(codes: ApiErrorCode[]) {
  return {
    allOf: [{ $ref: getSchemaPath(ErrorResponseDto) }, { required: ['code'], properties: { code: { type: 'string', enum: codes } } }],
  };
}

function errorResponses(codes: ApiErrorCode[]) {
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of new Set(codes)) byStatus.set(statusOf(code), [...(byStatus.get(statusOf(code)) ?? []), code]);
  return [...byStatus].map(([status, group]) =>
    ApiResponse({
      status,
      description: group.map((code) => `\`${code}\`: ${MEANING[code]}`).join('; '),
      schema: errorResponseSchema(group),
    }),
  );
}

/**
 * The error answers of a route, by code: `@ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')`.
 * Codes sharing a status become one answer; those of GUARDED_ROUTE_ERRORS are always added.
 */
export function ApiErrors(...codes: ApiErrorCode[]): MethodDecorator {
  return applyDecorators(ApiExtraModels(ErrorResponseDto), ...errorResponses([...GUARDED_ROUTE_ERRORS, ...codes]));
}

/** Error answers of a route the key guard lets through (`@Public()`): only the codes given. */
export function ApiPublicErrors(...codes: ApiErrorCode[]): MethodDecorator {
  return applyDecorators(ApiExtraModels(ErrorResponseDto), ...errorResponses(codes));
}

/** Summary (a line) and description (the rules a client must know) of an operation. */
export function ApiDoc(summary: string, description?: string): MethodDecorator {
  return ApiOperation({ summary, ...(description ? { description } : {}) });
}

/**
 * A page of a list: `{items: [Model], nextCursor}`; pass `nextCursor` back to get the next page.
 * With `csv`, the route also answers `Accept: text/csv` with every matching row.
 */
export function ApiList(model: Type<unknown>, description = 'a page of the list', csv?: string): MethodDecorator {
  const schema = {
    type: 'object' as const,
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array' as const, items: { $ref: getSchemaPath(model) } },
      nextCursor: { type: 'string' as const, nullable: true, description: 'the cursor of the next page; null on the last page' },
    },
  };
  const ok = csv
    ? ApiOkResponse({
        description: `${description}; with \`Accept: text/csv\`: ${csv}`,
        content: { 'application/json': { schema }, 'text/csv': { schema: { type: 'string' } } },
      })
    : ApiOkResponse({ description, schema });
  const accept = ApiHeader({
    name: 'accept',
    required: false,
    description: '`text/csv` for every matching row as CSV; JSON pages otherwise',
  });
  return csv ? applyDecorators(ApiExtraModels(model), ok, accept) : applyDecorators(ApiExtraModels(model), ok);
}

/** A `text/csv` answer (one header line, then a row per item). */
export function ApiCsv(description: string): MethodDecorator {
  return applyDecorators(ApiProduces('text/csv'), ApiOkResponse({ description, content: { 'text/csv': { schema: { type: 'string' } } } }));
}

/** An `application/pdf` answer; with `json`, the route answers that model as JSON otherwise. */
export function ApiPdf(description: string, json?: Type<unknown>): MethodDecorator {
  const pdf = { 'application/pdf': { schema: { type: 'string' as const, format: 'binary' } } };
  if (!json) return applyDecorators(ApiProduces('application/pdf'), ApiOkResponse({ description, content: pdf }));
  return applyDecorators(
    ApiExtraModels(json),
    ApiHeader({ name: 'accept', required: false, description: '`application/pdf` for the PDF; JSON otherwise' }),
    ApiProduces('application/json', 'application/pdf'),
    ApiOkResponse({ description, content: { 'application/json': { schema: { $ref: getSchemaPath(json) } }, ...pdf } }),
  );
}

/**
 * The Idempotency-Key header of a money write. Required: a retry under the same key and body
 * answers the first answer again (with `Idempotent-Replayed: true`) and moves money once.
 */
export function ApiIdempotencyKey(required: boolean): MethodDecorator {
  const rule =
    "the client's unique key for this write, 1-200 printable characters; a retry with the same key and body gets the first answer again and writes nothing twice";
  return ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required,
    description: required ? `${rule}; without one: 400 IDEMPOTENCY_KEY_REQUIRED` : `optional: ${rule}`,
    schema: { type: 'string', pattern: '^[!-~]{1,200}$', example: 'order-2026-03-10-0001' },
  });
}
