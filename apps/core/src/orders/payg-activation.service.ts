import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Application } from '../applications/application.types';
import { ApplicationsService } from '../applications/applications.service';
import { Clock } from '../clock/clock';
import { DomainError } from '../errors/domain-error';
import { AppStateService } from '../lifecycle/app-state.service';
import { money } from '../money/money';
import type { Tx } from '../prisma/transaction';
import { OrderPlacementService } from './order-placement.service';
import type { Order } from './order.types';

export const MAX_APPS_PER_ACTIVATION = 50;

/** Why an app cannot move to pay-as-you-go, or null when it can (a trial app, running or cut off). */
export function activationRefusal(app: Application): string | null {
  if (app.plan !== 'trial') return `app ${app.id} is on the ${app.plan} plan`;
  if (app.state === 'trial') return null;
  if (app.state === 'suspended' && app.suspensionReason === 'trial_over_limit') return null;
  return `app ${app.id} is ${app.state}`;
}

/**
 * Pay-as-you-go activation (SPEC.md 4): up to 50 apps of one account at once,
 * effective at once, free while unused, never cancelled. A trial app cut off
 * for going over 1,000 DAU is restored by it. Recorded as a postpaid order.
 */
@Injectable()
export class PaygActivationService {
  constructor(
    private readonly apps: ApplicationsService,
    private readonly states: AppStateService,
    private readonly placement: OrderPlacementService,
    private readonly clock: Clock,
  ) {}

  /** With an Idempotency-Key a retry gets the first answer again; without one a retry is refused as already active. */
  async activate(accountId: string, appIds: string[], idempotencyKey: string): Promise<Order> {
    const placed = await this.placement.placeOnce(`orders/payg:${accountId}`, idempotencyKey, { accountId, appIds }, (tx) =>
      this.activateIn(tx, accountId, appIds),
    );
    return placed.order;
  }

  private async activateIn(tx: Tx, accountId: string, appIds: string[]): Promise<string> {
    if (!(await this.apps.lockAccount(tx, accountId))) throw DomainError.notFound('account', accountId);
    for (const [index, appId] of appIds.entries()) {
      const app = await this.apps.findIn(tx, appId);
      if (!app || app.accountId !== accountId) {
        throw new DomainError('NOT_FOUND', `app ${appId} not found in account ${accountId}`, { field: `appIds.${index}` });
      }
      const refusal = activationRefusal(app);
      if (refusal) throw new DomainError('INVALID_STATE', `${refusal}: only trial apps can be activated`, { field: `appIds.${index}` });
    }
    const now = this.clock.now();
    const moved = await this.states.transition(
      tx,
      appIds,
      { from: ['trial', 'suspended'], to: 'active', reason: 'payg_activated', plans: ['trial'], plan: 'payg', trialSuspendedOn: null },
      now,
    );
    if (moved.length !== appIds.length) {
      throw new DomainError('INVALID_STATE', 'an app changed state during the activation; retry', { field: 'appIds' });
    }
    await this.states.markPaygActivated(tx, appIds, now);
    const order = {
      id: randomUUID(),
      accountId,
      kind: 'postpaid' as const,
      purpose: 'activation' as const,
      status: 'active' as const,
      amount: money(0),
      priceBookVersion: null,
      appId: null,
      subscriptionId: null,
      units: null,
      months: null,
      serviceStartsOn: null,
      serviceEndsOn: null,
      provisioningStatus: null,
      createdAt: now,
      lines: appIds.map((appId, index) => ({
        lineNo: index + 1,
        appId,
        description: 'pay-as-you-go activation: billed daily on DAU from today',
        units: null,
        months: null,
        unitPrice: null,
        discount: null,
        amount: money(0),
      })),
    };
    await this.placement.place(tx, order);
    return order.id;
  }
}
