import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApi } from '../../apps/api/src/bootstrap';
import type { Role } from '../../apps/core/src/auth/roles';
import { PrismaService } from '../../apps/core/src/prisma/prisma.service';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { apiClient, ApiClient } from './api-client';
import { freshDatabase, withAdminClient } from './database';
import { validatorFor } from './openapi-validator';

export interface SystemOptions {
  /** Start the simulated clock here (ISO instant); omit for the system clock. */
  clockStart?: string;
  /** Also start a worker process context (real BullMQ consumers on real Redis). */
  worker?: boolean;
  env?: Record<string, string>;
  /** The DATABASE_URL the processes get for the test's database (e.g. through a `TcpProxy`); the test's own queries go direct. */
  databaseVia?: (url: string) => string;
}

export interface Reply {
  status: number;
  body: any;
  headers: Record<string, unknown>;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request to one API instance, answered as `TestSystem.request` answers; the answer must match the document. */
export async function requestVia(
  api: NestFastifyApplication,
  method: Method,
  url: string,
  body?: unknown,
  key: string | null = process.env.ADMIN_API_KEY!,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const response = await api.inject({
    method,
    url,
    payload: body as any,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
  });
  (await validatorFor(api)).check(method, url, response.statusCode, response.headers['content-type'] as string | undefined, response.body);
  return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined, headers: response.headers };
}

/** The API and (optionally) a worker on a database and queue prefix of their own. */
export class TestSystem {
  readonly adminKey = process.env.ADMIN_API_KEY!;
  private workers: INestApplicationContext[] = [];
  private apis: NestFastifyApplication[] = [];
  /** The typed client generated from the document, with the admin key (see `as`). */
  readonly http: ApiClient;

  private constructor(
    readonly api: NestFastifyApplication,
    readonly databaseName: string,
    /** The test database itself, not through any proxy. */
    readonly databaseUrl: string,
  ) {
    this.http = apiClient(api, this.adminKey);
  }

  /** The typed client with another key, or none (null). */
  as(key: string | null): ApiClient {
    return apiClient(this.api, key);
  }

  static async start(options: SystemOptions = {}): Promise<TestSystem> {
    const db = await freshDatabase();
    Object.assign(process.env, {
      DATABASE_URL: options.databaseVia ? options.databaseVia(db.url) : db.url,
      QUEUE_PREFIX: db.queuePrefix,
      CLOCK_MODE: options.clockStart ? 'simulated' : 'system',
      CLOCK_START: options.clockStart ?? '',
      ...options.env,
    });
    const api = await createApi({ logger: false });
    await api.init();
    await api.getHttpAdapter().getInstance().ready();
    const system = new TestSystem(api, db.name, db.url);
    if (options.worker) await system.startWorker();
    return system;
  }

  /** Another worker against the same database and Redis, as a second machine would run. */
  async startWorker(): Promise<INestApplicationContext> {
    const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    this.workers.push(worker);
    return worker;
  }

  /** Another API against the same database and queue prefix, as a second process would run. */
  async startApi(): Promise<NestFastifyApplication> {
    const api = await createApi({ logger: false });
    this.apis.push(api);
    await api.init();
    await api.getHttpAdapter().getInstance().ready();
    return api;
  }

  get prisma(): PrismaService {
    return this.api.get(PrismaService);
  }

  /**
   * A raw request, for what the typed client (`http`, `as`) cannot send or read: a malformed
   * body, a CSV or PDF answer, a path outside the document. Its answer is drift-checked too.
   */
  async request(
    method: Method,
    url: string,
    body?: unknown,
    key: string | null = this.adminKey,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    return requestVia(this.api, method, url, body, key, headers);
  }

  /** A key of `role` (a string, so tests can loop over role names; the API refuses one it lacks). */
  async newKey(role: string): Promise<string> {
    const { data, error } = await this.http.POST('/v1/api-keys', { body: { name: `${role} key`, role: role as Role } });
    if (!data) throw new Error(`could not create a ${role} key: ${JSON.stringify(error)}`);
    return data.key;
  }

  async stop(): Promise<void> {
    for (const worker of this.workers) await worker.close();
    for (const api of this.apis) await api.close();
    await this.api.close();
    await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${this.databaseName}" WITH (FORCE)`));
  }
}
