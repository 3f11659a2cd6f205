import { Injectable } from '@nestjs/common';
import { PgPoolService } from '../prisma/pg-pool.service';
import type { Tx } from '../prisma/transaction';
import type { AuditEvent, AuditFilter, NewAuditEvent } from './audit-event';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An event that names no account gets the account of the app, order or
 * subscription it acts on (restores, corrections, renewals, upgrades, refunds
 * name only their resource), so that the trail of an account lists them.
 */
const INSERT = `INSERT INTO audit_events (key_id, key_name, role, action, resource_type, resource_id, account_id, request_id, ip, status)
  SELECT $1::uuid, $2, $3, $4, $5, $6,
         COALESCE($7::uuid, CASE $5::text
           WHEN 'apps' THEN (SELECT account_id FROM applications WHERE id = $11::uuid)
           WHEN 'orders' THEN (SELECT account_id FROM orders WHERE id = $11::uuid)
           WHEN 'subscriptions' THEN (SELECT account_id FROM subscriptions WHERE id = $11::uuid)
         END),
         $8, $9, $10`;

function columns(event: NewAuditEvent): unknown[] {
  // A malformed id in a refused request's URL is recorded as text, never cast.
  const uuid = (value: string | null) => (value && UUID.test(value) ? value : null);
  return [
    event.keyId,
    event.keyName,
    event.role,
    event.action,
    event.resourceType,
    event.resourceId?.slice(0, 200) ?? null,
    uuid(event.accountId),
    event.requestId,
    event.ip,
    event.status,
    uuid(event.resourceId),
  ];
}

/** The only writer and reader of audit_events (append-only: there is nothing to update). */
@Injectable()
export class AuditRepository {
  constructor(private readonly pg: PgPoolService) {}

  async append(event: NewAuditEvent): Promise<void> {
    await this.pg.query(INSERT, columns(event));
  }

  /** In the caller's transaction: the event commits or rolls back with the write it records. */
  async appendWithin(tx: Tx, event: NewAuditEvent): Promise<void> {
    await tx.$executeRawUnsafe(INSERT, ...columns(event));
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
