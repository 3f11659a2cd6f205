import { Injectable } from '@nestjs/common';
import type { Prisma } from '../../../../generated/prisma/client';
import { dateFromDb } from '../clock/calendar';
import type { Entitlements, Region } from '../pricing/price-book';
import { Page, PageRequest, pageOf } from '../pagination/pagination';
import { PrismaService } from '../prisma/prisma.service';
import type { Tx } from '../prisma/transaction';
import type { LiveAppCount } from './app-limits.rules';
import type { AppState, Application, Plan, Platform, SuspensionReason } from './application.types';

type Row = Prisma.ApplicationGetPayload<object>;

function toApplication(row: Row): Application {
  return {
    id: row.id,
    accountId: row.accountId,
    accessId: row.accessId.toString(),
    name: row.name,
    platform: row.platform as Platform,
    region: row.region as Region,
    plan: row.plan as Plan,
    state: row.state as AppState,
    stateChangedAt: row.stateChangedAt,
    suspensionReason: row.suspensionReason as SuspensionReason | null,
    trialSuspendedOn: row.trialSuspendedOn ? dateFromDb(row.trialSuspendedOn) : null,
    charityApproved: row.charityApproved,
    throttled: row.throttled,
    entitlementOverrides: row.entitlementOverrides as Partial<Entitlements>,
    createdAt: row.createdAt,
    destroyedAt: row.destroyedAt,
  };
}

export interface ApplicationSearch {
  accountId?: string;
  state?: string;
  plan?: string;
  region?: string;
  platform?: string;
  q?: string;
}

@Injectable()
export class ApplicationsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Apps by id, a page at a time, narrowed by any of the filter's fields; `q` matches the name anywhere, case-insensitive. */
  async search(filter: ApplicationSearch, page: PageRequest): Promise<Page<Application>> {
    const after = page.after as [string] | null;
    const rows = await this.prisma.application.findMany({
      where: {
        ...(after ? { id: { gt: after[0] } } : {}),
        accountId: filter.accountId,
        state: filter.state,
        plan: filter.plan,
        region: filter.region,
        platform: filter.platform,
        ...(filter.q ? { name: { contains: filter.q, mode: 'insensitive' } } : {}),
      },
      orderBy: { id: 'asc' },
      take: page.limit + 1,
    });
    return pageOf(rows.map(toApplication), page.limit, (app) => [app.id]);
  }

  async find(id: string): Promise<Application | null> {
    const row = await this.prisma.application.findUnique({ where: { id } });
    return row ? toApplication(row) : null;
  }

  /** The app as the caller's transaction sees it. */
  async findIn(tx: Tx, id: string): Promise<Application | null> {
    const row = await tx.application.findUnique({ where: { id } });
    return row ? toApplication(row) : null;
  }

  /**
   * Locks the account row so that concurrent creations for one account count
   * one after the other. NO KEY UPDATE: rows that merely reference the account
   * (ledger, vouchers) can still be written meanwhile. False: no such account.
   */
  async lockAccount(tx: Tx, accountId: string): Promise<boolean> {
    const rows = await tx.$queryRaw<unknown[]>`SELECT 1 FROM accounts WHERE id = ${accountId}::uuid FOR NO KEY UPDATE`;
    return rows.length > 0;
  }

  async countLive(tx: Tx, accountId: string, platform: Platform): Promise<LiveAppCount> {
    const [row] = await tx.$queryRaw<{ total: number; onPlatform: number }[]>`
      SELECT count(*)::int AS total, (count(*) FILTER (WHERE platform = ${platform}))::int AS "onPlatform"
      FROM applications WHERE account_id = ${accountId}::uuid AND state <> 'destroyed'`;
    return row;
  }
}
