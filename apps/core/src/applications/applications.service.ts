import { randomUUID } from 'node:crypto';
import type { Page, PageRequest } from '../pagination/pagination';
import { Inject, Injectable } from '@nestjs/common';
import { billingDate } from '../clock/calendar';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../errors/domain-error';
import { AppStateService } from '../lifecycle/app-state.service';
import { TrialLifecycleService } from '../lifecycle/trial-lifecycle.service';
import type { Entitlements, Region } from '../pricing/price-book';
import { PriceBookService } from '../pricing/price-book.service';
import { UnitOfWork } from '../prisma/unit-of-work';
import type { Tx } from '../prisma/transaction';
import { appLimitRefusal } from './app-limits.rules';
import type { Application, Platform } from './application.types';
import { ApplicationSearch, ApplicationsRepository } from './applications.repository';
import { Capabilities, capabilities, mergeEntitlements, parseEntitlementOverrides } from './capabilities.rules';

export interface NewApplication {
  accountId: string;
  name: string;
  platform: Platform;
  region: Region;
}

export interface EntitlementSettings {
  appId: string;
  overrides: Partial<Entitlements>;
  entitlements: Entitlements;
}

@Injectable()
export class ApplicationsService {
  constructor(
    private readonly apps: ApplicationsRepository,
    private readonly states: AppStateService,
    private readonly trials: TrialLifecycleService,
    private readonly priceBooks: PriceBookService,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A new app starts on the free trial. The account's limits hold under concurrent creations. */
  /** In the caller's transaction when given one (a create under an Idempotency-Key stores its answer with it). */
  async create(input: NewApplication, outer?: Tx): Promise<Application> {
    const limits = (await this.priceBooks.effectiveOn()).entitlements;
    const inTransaction = (work: (tx: Tx) => Promise<Application>) => (outer ? work(outer) : this.uow.run(work));
    return inTransaction(async (tx) => {
      if (!(await this.apps.lockAccount(tx, input.accountId))) throw DomainError.notFound('account', input.accountId);
      const refusal = appLimitRefusal(await this.apps.countLive(tx, input.accountId, input.platform), input.platform, limits);
      if (refusal) throw new DomainError('APP_LIMIT_REACHED', refusal);
      const id = randomUUID();
      await this.states.register(tx, { id, ...input }, this.clock.now());
      return (await this.apps.findIn(tx, id))!;
    });
  }

  /** The app as the caller's transaction sees it, or null. */
  findIn(tx: Tx, id: string): Promise<Application | null> {
    return this.apps.findIn(tx, id);
  }

  /**
   * Locks the account row for the caller's transaction, so that app creations
   * and plan changes of one account run one after the other. False: no such account.
   */
  lockAccount(tx: Tx, accountId: string): Promise<boolean> {
    return this.apps.lockAccount(tx, accountId);
  }

  async search(filter: ApplicationSearch, page: PageRequest): Promise<Page<Application>> {
    return this.apps.search(filter, page);
  }

  async get(id: string): Promise<Application> {
    const app = await this.apps.find(id);
    if (!app) throw DomainError.notFound('app', id);
    return app;
  }

  async capabilities(id: string): Promise<Capabilities> {
    const app = await this.get(id);
    return capabilities(app, (await this.priceBooks.effectiveOn()).entitlements);
  }

  /**
   * Charity approval (admin): the app moves to the charity plan, free forever,
   * and runs (a suspended trial app is restored). Apps on a prepaid plan must
   * end their subscription first. Revoking returns it to the free trial, where
   * the trial's DAU limit applies again at once. Both are idempotent.
   */
  async setCharity(id: string, approved: boolean): Promise<Application> {
    const app = await this.get(id);
    if (app.state === 'destroyed') throw new DomainError('INVALID_STATE', `app ${id} is destroyed`);
    if (approved === (app.plan === 'charity')) return app;
    if (approved && app.plan === 'prepaid') {
      throw new DomainError('INVALID_STATE', `app ${id} has a prepaid plan; refund it or let it expire before charity approval`);
    }
    const at = this.clock.now();
    await this.uow.run(async (tx) => {
      const moved = approved
        ? await this.states.transition(
            tx,
            [id],
            {
              from: ['trial', 'suspended', 'active', 'grace'],
              plans: ['trial', 'payg'],
              to: 'active',
              reason: 'charity_approved',
              plan: 'charity',
              charityApproved: true,
              trialSuspendedOn: null,
            },
            at,
          )
        : await this.states.transition(
            tx,
            [id],
            { from: ['active'], plans: ['charity'], to: 'trial', reason: 'charity_revoked', plan: 'trial', charityApproved: false },
            at,
          );
      if (moved.length === 0) throw new DomainError('INVALID_STATE', `app ${id} changed meanwhile; try again`);
      if (!approved) await this.trials.enforceLimit(tx, billingDate(at, this.config.billingTz), at, [id]);
    });
    return this.get(id);
  }

  /** Replaces the app's entitlement overrides (`{}` clears them). */
  async setEntitlements(id: string, input: Record<string, unknown>): Promise<EntitlementSettings> {
    const book = (await this.priceBooks.effectiveOn()).entitlements;
    const overrides = parseEntitlementOverrides(input, book);
    if (!(await this.states.replaceOverrides(id, overrides))) {
      await this.get(id);
      throw new DomainError('INVALID_STATE', `app ${id} is destroyed`);
    }
    const app = await this.get(id);
    return { appId: id, overrides: app.entitlementOverrides, entitlements: mergeEntitlements(book, app.entitlementOverrides) };
  }
}
