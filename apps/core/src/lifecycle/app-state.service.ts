import { Injectable } from '@nestjs/common';
import type { Entitlements } from '../pricing/price-book';
import type { Tx } from '../prisma/transaction';
import { AppStateRepository, NewApp, Transition, TransitionedApp } from './app-state.repository';

/**
 * The one writer of an app's row, which is its lifecycle: registered on the
 * trial, moved between states (trial, prepaid expiry, arrears, charity,
 * activation, refunds), throttled, activated for pay-as-you-go, given
 * overrides. Other domains decide which apps and when, inside their own
 * transaction; the moves are guarded and set-based, and record the change.
 */
@Injectable()
export class AppStateService {
  constructor(private readonly states: AppStateRepository) {}

  /** A new app starts on the free trial. */
  register(tx: Tx, app: NewApp, at: Date): Promise<void> {
    return this.states.register(tx, app, at);
  }

  /** Moves the apps among `appIds` that pass the guards and returns them; a repeated or concurrent call changes nothing twice. */
  transition(tx: Tx, appIds: readonly string[], move: Transition, at: Date): Promise<TransitionedApp[]> {
    return this.states.transition(tx, appIds, move, at);
  }

  /** Replaces the app's entitlement overrides unless it is destroyed; false: no such live app. */
  replaceOverrides(id: string, overrides: Partial<Entitlements>): Promise<boolean> {
    return this.states.replaceOverrides(id, overrides);
  }

  /** Throttling an app already throttled changes nothing. */
  throttle(tx: Tx, appIds: readonly string[]): Promise<void> {
    return this.states.throttle(tx, appIds);
  }

  /** Returns the apps among `appIds` whose throttle this lifted (the others were not throttled). */
  unthrottle(tx: Tx, appIds: readonly string[]): Promise<string[]> {
    return this.states.unthrottle(tx, appIds);
  }

  /** The first activation starts the pay-as-you-go billing; a later one never moves it. */
  markPaygActivated(tx: Tx, appIds: readonly string[], at: Date): Promise<void> {
    return this.states.markPaygActivated(tx, appIds, at);
  }
}
