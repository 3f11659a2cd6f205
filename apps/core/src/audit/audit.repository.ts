import { Injectable } from '@nestjs/common';
import { PgPoolService } from '../prisma/pg-pool.service';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The only writer and reader of audit_events (append-only: there is nothing to update). */
@Injectable()
export class AuditRepository {
  constructor(private readonly pg: PgPoolService) {}

  async append(event: NewAuditEvent): Promise<void> {
    // A malformed id in a refused request's URL is recorded as text, never cast.
    const accountId = event.accountId && UUID.test(event.accountId) ? event.accountId : null;
    await this.pg.query(
      `INSERT INTO audit_events (key_id, key_name, role, action, resource_type, resource_id, account_id, request_id, ip, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        event.keyId,
        event.keyName,
        event.role,
        event.action,
        event.resourceType,
        event.resourceId?.slice(0, 200) ?? null,
        accountId,
        event.requestId,
        event.ip,
        event.status,
      ],
    );
  }

  /** Newest first. */
  async list(filter: AuditFilter, limit: number): Promise<AuditEvent[]> {
    return this.pg.query<AuditEvent>(
      `SELECT id::text, at, key_id::text AS "keyId", key_name AS "keyName", role, action, resource_type AS "resourceType",
              resource_id AS "resourceId", account_id::text AS "accountId", request_id AS "requestId", ip, status
       FROM audit_events
       WHERE ($1::uuid IS NULL OR account_id = $1::uuid) AND ($2::uuid IS NULL OR key_id = $2::uuid)
         AND ($3::text IS NULL OR action = $3) AND ($4::timestamptz IS NULL OR at >= $4) AND ($5::timestamptz IS NULL OR at < $5)
         AND ($6::bigint IS NULL OR id < $6::bigint)
       ORDER BY id DESC LIMIT $7`,
      [
        filter.accountId ?? null,
        filter.keyId ?? null,
        filter.action ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.beforeId ?? null,
        limit,
      ],
    );
  }
}
