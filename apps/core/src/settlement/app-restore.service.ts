import { Inject, Injectable } from '@nestjs/common';
import { ApplicationsService } from '../applications/applications.service';
import type { Application } from '../applications/application.types';
import { addDays, billingDate } from '../clock/calendar';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../errors/domain-error';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { AppStateService } from '../lifecycle/app-state.service';
import { NotificationDispatcher } from '../notifications/notification-dispatcher';
import type { Tx } from '../prisma/transaction';
import { ArrearsRepository } from './arrears.repository';

export interface RestoreRequest {
  appId: string;
  reason: string;
  /** The API key that asked for it, recorded with the move. */
  actingKeyId: string | null;
}

/**
 * Operators' restores (POST /v1/apps/:id/restore). A trial app cut off over
 * 1,000 DAU runs again on the trial, and its DAU is checked against the limit
 * again from tomorrow (SPEC.md 3). A pay-as-you-go app suspended for arrears
 * runs again only once its account is out of arrears or holds the
 * never-suspend privilege (SPEC.md 7). Anything else is INVALID_STATE.
 * A restore puts an app back on the bill, so it is a money write (SPEC.md 15):
 * under the client's Idempotency-Key, a retry restores nothing twice.
 */
@Injectable()
export class AppRestoreService {
  constructor(
    private readonly apps: ApplicationsService,
    private readonly states: AppStateService,
    private readonly arrears: ArrearsRepository,
    private readonly dispatcher: NotificationDispatcher,
    private readonly idempotency: IdempotencyService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async restore(request: RestoreRequest, idempotencyKey: string): Promise<{ app: Application; replayed: boolean }> {
    const app = await this.apps.get(request.appId);
    const restored = await this.idempotency.runOnce(
      `apps/restore:${app.id}`,
      idempotencyKey,
      { reason: request.reason },
      async (tx) => {
        if ((await this.transition(tx, app, request)).length === 0) {
          throw new DomainError('INVALID_STATE', `app ${app.id} changed meanwhile; read it and try again`);
        }
        return app.id;
      },
      200,
    );
    if (!restored.replayed) await this.dispatcher.kick();
    return { app: await this.apps.get(app.id), replayed: restored.replayed };
  }

  /** The move of a restore the rules allow, in the caller's transaction; none when the app changed meanwhile. */
  private async transition(tx: Tx, app: Application, request: RestoreRequest) {
    const actor = { keyId: request.actingKeyId, note: request.reason };
    const at = this.clock.now();
    if (app.state === 'suspended' && app.plan === 'trial' && app.suspensionReason === 'trial_over_limit') {
      const tomorrow = addDays(billingDate(at, this.config.billingTz), 1);
      return this.states.transition(
        tx,
        [app.id],
        {
          from: ['suspended'],
          plans: ['trial'],
          suspensionReasons: ['trial_over_limit'],
          to: 'trial',
          reason: 'operator_restored',
          trialSuspendedOn: null,
          trialCheckResumesOn: tomorrow,
          actor,
        },
        at,
      );
    }
    if (app.state === 'suspended' && app.plan === 'payg' && app.suspensionReason === 'arrears') {
      const standing = await this.arrears.lockStanding(tx, app.accountId);
      if (standing.inArrears && !standing.neverSuspend) {
        throw new DomainError(
          'INVALID_STATE',
          `account ${app.accountId} is in arrears: top it up (or grant never-suspend) before restoring app ${app.id}`,
        );
      }
      return this.states.transition(
        tx,
        [app.id],
        { from: ['suspended'], plans: ['payg'], suspensionReasons: ['arrears'], to: 'active', reason: 'operator_restored', actor },
        at,
      );
    }
    throw new DomainError('INVALID_STATE', restoreRefusal(app));
  }
}

function restoreRefusal(app: Application): string {
  if (app.state !== 'suspended') return `app ${app.id} is ${app.state}, not suspended: nothing to restore`;
  return `app ${app.id} is suspended (${app.suspensionReason ?? 'no reason'}) on the ${app.plan} plan: only trial cutoffs and arrears suspensions are restored here (a lapsed prepaid plan is renewed)`;
}
