import { Inject, Injectable } from '@nestjs/common';
import { ApplicationsService } from '../applications/applications.service';
import type { Application } from '../applications/application.types';
import { addDays, billingDate } from '../clock/calendar';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../errors/domain-error';
import { AppStateService } from '../lifecycle/app-state.service';
import { NotificationDispatcher } from '../notifications/notification-dispatcher';
import { UnitOfWork } from '../prisma/unit-of-work';
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
 */
@Injectable()
export class AppRestoreService {
  constructor(
    private readonly apps: ApplicationsService,
    private readonly states: AppStateService,
    private readonly arrears: ArrearsRepository,
    private readonly dispatcher: NotificationDispatcher,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async restore(request: RestoreRequest): Promise<Application> {
    const app = await this.apps.get(request.appId);
    const actor = { keyId: request.actingKeyId, note: request.reason };
    const at = this.clock.now();
    const moved = await this.uow.run(async (tx) => {
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
    });
    if (moved.length === 0) throw new DomainError('INVALID_STATE', `app ${app.id} changed meanwhile; read it and try again`);
    await this.dispatcher.kick();
    return this.apps.get(app.id);
  }
}

function restoreRefusal(app: Application): string {
  if (app.state !== 'suspended') return `app ${app.id} is ${app.state}, not suspended: nothing to restore`;
  return `app ${app.id} is suspended (${app.suspensionReason ?? 'no reason'}) on the ${app.plan} plan: only trial cutoffs and arrears suspensions are restored here (a lapsed prepaid plan is renewed)`;
}
