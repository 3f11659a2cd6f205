import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from '../../generated/openapi/schema';
import { validatorFor } from './openapi-validator';

/** The client generated from the API's document (`npm run openapi:generate`), as a client team would use it. */
export type ApiClient = Client<paths, 'application/json'>;

/** The document's schemas by name, as the generated client types them: `Schemas['AccountDto']`. */
export type Schemas = components['schemas'];

/** The query parameters of an operation, as the document types them: `QueryOf<'/v1/apps', 'get'>`. */
export type QueryOf<P extends keyof paths, M extends keyof paths[P]> = NonNullable<
  paths[P][M] extends { parameters: { query?: infer Q } } ? Q : never
>;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * `fetch` through Fastify's inject: the tests stay in-process, and every answer
 * is checked against the document before the client sees it (the drift test).
 */
function injectFetch(api: NestFastifyApplication) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = `${url.pathname}${url.search}`;
    const payload = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const answer = await api.inject({ method: request.method as Method, url: path, headers: Object.fromEntries(request.headers), payload });
    (await validatorFor(api)).check(
      request.method,
      path,
      answer.statusCode,
      answer.headers['content-type'] as string | undefined,
      answer.body,
    );
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : String(value));
    }
    return new Response(answer.statusCode === 204 ? null : answer.rawPayload, { status: answer.statusCode, headers });
  };
}

/** A typed client of one API instance, authenticated with `key` (none with null). */
export function apiClient(api: NestFastifyApplication, key: string | null): ApiClient {
  // JSON answers only: the routes that also stream CSV are read as JSON pages here.
  return createClient<paths, 'application/json'>({
    baseUrl: 'http://localhost',
    fetch: injectFetch(api),
    headers: key ? { authorization: `Bearer ${key}` } : {},
  });
}

/** A client call's outcome with its status: `{status, data}` or `{status, error}`, typed by the document. */
export type Answer<T> = T extends { response: Response } ? Omit<T, 'response'> & { status: number; headers: Headers } : never;

export async function answer<T extends { response: Response }>(pending: Promise<T>): Promise<Answer<T>> {
  const { response, ...outcome } = await pending;
  return { ...outcome, status: response.status, headers: response.headers } as Answer<T>;
}

/** A request body or parameter the document does not allow, sent on purpose to see it refused. */
export const invalid = (value: unknown): never => value as never;

/** A list page as the client answers it. */
type PageAnswer<T> = { status: number; data?: { items: T[]; nextCursor: string | null } };

/** Every item of a list, following `nextCursor` from the first page (`cursor` undefined) to the last; each page must answer 200. */
export async function everyItem<T>(page: (cursor: string | undefined) => Promise<PageAnswer<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const reply = await page(cursor);
    if (reply.status !== 200 || !reply.data) throw new Error(`a page of the list answered ${reply.status}`);
    items.push(...reply.data.items);
    cursor = reply.data.nextCursor ?? undefined;
  } while (cursor);
  return items;
}
