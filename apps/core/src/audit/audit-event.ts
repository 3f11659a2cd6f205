import type { RequestContext, WriteFacts } from '../auth/request-context';

export interface AuditEvent {
  id: string;
  at: Date;
  keyId: string | null;
  keyName: string | null;
  role: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  accountId: string | null;
  requestId: string | null;
  ip: string | null;
  status: number;
}

export type NewAuditEvent = Omit<AuditEvent, 'id' | 'at'>;

export interface AuditFilter {
  accountId?: string;
  keyId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  /** Events older than this id (the cursor). */
  beforeId?: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value : null);

/**
 * The audit event of a write request and its outcome. A created resource is
 * named by the answer (its `id`, or the bare id a write answers with), and so
 * is the account when neither the key nor the request named one.
 */
export function auditEvent(context: RequestContext, write: WriteFacts, status: number, answered: unknown): NewAuditEvent {
  const answer: Record<string, unknown> =
    typeof answered === 'string' ? { id: answered } : answered && typeof answered === 'object' ? (answered as Record<string, unknown>) : {};
  const resourceId = write.resourceId ?? text(answer.id);
  const accountId = write.accountId ?? (write.resourceType === 'accounts' ? resourceId : null) ?? text(answer.accountId);
  const { actor } = context;
  return {
    keyId: actor?.keyId ?? null,
    keyName: actor?.keyName ?? null,
    role: actor?.role ?? null,
    action: write.action,
    resourceType: write.resourceType,
    resourceId,
    accountId,
    requestId: context.requestId,
    ip: context.ip,
    status,
  };
}
