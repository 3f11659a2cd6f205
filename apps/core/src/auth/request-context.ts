import { AsyncLocalStorage } from 'node:async_hooks';
import type { Role } from './roles';

/** The key a request acts with, as services, scope checks and the audit trail see it. */
export interface Actor {
  keyId: string;
  keyName: string;
  role: Role;
  /** The one account this key may see; null: a platform key. */
  accountId: string | null;
  /** Ingest keys: the regions they may report for; null: all. */
  regions: string[] | null;
}

/** What a write request acts on, known once it is routed: the facts of its audit event but the outcome. */
export interface WriteFacts {
  /** Method and route pattern: `POST /v1/accounts/:id/top-ups`. */
  action: string;
  /** The route's first segment after the version: `accounts`, `apps`, `api-keys`... */
  resourceType: string | null;
  /** The route's `:id`; null: the answer names it (a created resource). */
  resourceId: string | null;
  /** The account acted on when the request names it (the key's scope, the route's account, a body's accountId). */
  accountId: string | null;
  /** Its audit event committed with the transaction of the write: the after-answer record leaves it alone. */
  audited: boolean;
}

/** Filled as the request goes: the actor once authenticated, the write's facts once routed. */
export interface RequestContext {
  requestId: string;
  ip: string;
  actor: Actor | null;
  write?: WriteFacts;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * The request's context, carried by AsyncLocalStorage from the first HTTP
 * hook to every service and repository the request reaches, so that scope
 * filters and audit records need no parameter threaded through each call.
 * Outside a request (jobs, the worker) there is none: the platform acts.
 */
export const requestContext = {
  run<T>(context: RequestContext, work: () => T): T {
    return storage.run(context, work);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
  actor(): Actor | null {
    return storage.getStore()?.actor ?? null;
  },
  /** The acting key's row id, recorded on money movements and state changes; null for the platform's own jobs. */
  actingKeyId(): string | null {
    return storage.getStore()?.actor?.keyId ?? null;
  },
};
