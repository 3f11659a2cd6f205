import { Injectable } from '@nestjs/common';
import { PgPoolService } from '../prisma/pg-pool.service';
import type { ResourceKind } from './resource-kind';

/** Each kind of resource with the table that says whose it is. */
const OWNED_RESOURCES: Record<ResourceKind, string> = {
  account: `SELECT id::text, id::text AS owner FROM accounts WHERE id = ANY($1::uuid[])`,
  app: `SELECT id::text, account_id::text AS owner FROM applications WHERE id = ANY($1::uuid[])`,
  order: `SELECT id::text, account_id::text AS owner FROM orders WHERE id = ANY($1::uuid[])`,
  subscription: `SELECT id::text, account_id::text AS owner FROM subscriptions WHERE id = ANY($1::uuid[])`,
  notification: `SELECT id::text, account_id::text AS owner FROM notifications WHERE id = ANY($1::uuid[])`,
};

@Injectable()
export class ScopeRepository {
  constructor(private readonly pg: PgPoolService) {}

  /** The account of each resource that exists (a missing one is absent from the map). */
  async ownersOf(kind: ResourceKind, ids: string[]): Promise<Map<string, string>> {
    const rows = await this.pg.query<{ id: string; owner: string }>(OWNED_RESOURCES[kind], [ids]);
    return new Map(rows.map((row) => [row.id, row.owner]));
  }
}
