import { SetMetadata } from '@nestjs/common';
import type { ResourceKind } from '../../../core/src/auth/resource-kind';

export const SCOPE_KEY = 'tenant-scope';

export interface AccountScope {
  /** What the route's `:id` names; its account must be the key's. */
  id?: ResourceKind;
  /** A list: a scoped key's `?accountId` defaults to its own account. */
  filterQuery?: boolean;
}

export type RouteScope = AccountScope | 'platform';

/**
 * A route an account-scoped key may call: the guard checks that `:id` and
 * every account, app, order or subscription named in the query or body belong
 * to the key's account (404 otherwise). Every route must declare this or
 * @PlatformWide (the route-table test fails otherwise; the guard refuses
 * scoped keys on undeclared routes).
 */
export const AccountScoped = (scope: AccountScope = {}) => SetMetadata(SCOPE_KEY, scope);

/** A route about the platform itself (keys, clock, price book, all accounts): 403 for account-scoped keys. */
export const PlatformWide = () => SetMetadata(SCOPE_KEY, 'platform');
