import { Injectable } from '@nestjs/common';
import type { Tx } from '../prisma/transaction';
import { AppStateRepository, Transition, TransitionedApp } from './app-state.repository';

/**
 * Every lifecycle state change of an app (trial, prepaid expiry, arrears,
 * charity, activation, refunds) goes through here, inside the caller's
 * transaction: one guarded, set-based move that also records the change.
 */
@Injectable()
export class AppStateService {
  constructor(private readonly states: AppStateRepository) {}

  /** Moves the apps among `appIds` that pass the guards and returns them; a repeated or concurrent call changes nothing twice. */
  transition(tx: Tx, appIds: readonly string[], move: Transition, at: Date): Promise<TransitionedApp[]> {
    return this.states.transition(tx, appIds, move, at);
  }
}
