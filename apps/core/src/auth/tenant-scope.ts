import { Injectable } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';
import { requestContext } from './request-context';
import type { ResourceKind } from './resource-kind';
import { ScopeRepository } from './scope.repository';

/**
 * Tenant isolation, in one place: a key scoped to an account sees that
 * account's resources and nothing else. Another account's resource is
 * answered exactly as a missing one (404), so a scoped key cannot even learn
 * that an id exists.
 */
@Injectable()
export class TenantScope {
  constructor(private readonly resources: ScopeRepository) {}

  /** The account the acting key is confined to; null: every account (platform keys, jobs). */
  accountId(): string | null {
    return requestContext.actor()?.accountId ?? null;
  }

  /** 404 for the first named resource of another account; missing ones are left to the handler's own 404. */
  async ensureOwned(kind: ResourceKind, ids: string[]): Promise<void> {
    const scope = this.accountId();
    if (!scope || ids.length === 0) return;
    const owners = await this.resources.ownersOf(kind, ids);
    const foreign = ids.find((id) => owners.has(id) && owners.get(id) !== scope);
    if (foreign) throw DomainError.notFound(kind, foreign);
  }
}
