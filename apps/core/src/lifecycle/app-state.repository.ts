import { requestContext } from '../auth/request-context';
import { Injectable } from '@nestjs/common';
import type { Prisma } from '../../../../generated/prisma/client';
import type { Entitlements, Region } from '../pricing/price-book';
import { PrismaService } from '../prisma/prisma.service';
import type { AppState, Plan, SuspensionReason } from './app-state.types';
import type { Tx } from '../prisma/transaction';

/** One lifecycle move, applied to many apps at once. */
export interface Transition {
  /** Only apps now in one of these states move: the guard that makes a transition safe to repeat or race. */
  from: readonly AppState[];
  to: AppState;
  /** Recorded in app_state_changes; when `to` is suspended it is also the app's suspension reason. */
  reason: string;
  /** Further guards: only apps on one of these plans / suspended for one of these reasons. */
  plans?: readonly Plan[];
  suspensionReasons?: readonly SuspensionReason[];
  /** Only trial apps whose limit is checked on this billing date (not waived by an operator's restore). */
  trialCheckedOn?: string;
  /** Changes that go with the move (undefined: left as they are). */
  plan?: Plan;
  charityApproved?: boolean;
  trialSuspendedOn?: string | null;
  trialCheckResumesOn?: string | null;
  /** Who made the move and why, when an operator did (recorded in app_state_changes). */
  actor?: { keyId: string | null; note: string };
}

export interface TransitionedApp {
  id: string;
  accountId: string;
  fromState: AppState;
  plan: Plan;
}

/** A new app, as its account registers it. */
export interface NewApp {
  id: string;
  accountId: string;
  name: string;
  /** Checked by applications, which owns the platforms. */
  platform: string;
  region: Region;
}

/**
 * The one writer of the applications table: an app's row is its lifecycle.
 * Every state change goes through here (trial, prepaid expiry, arrears,
 * charity): one guarded, set-based UPDATE that writes its app_state_changes
 * rows in the same statement, inside the caller's transaction. So do the
 * app's registration, its throttle flag, its pay-as-you-go start and its
 * entitlement overrides; other domains decide which apps, this writes them.
 */
@Injectable()
export class AppStateRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** A new app starts on the free trial (the table's defaults). */
  async register(tx: Tx, app: NewApp, at: Date): Promise<void> {
    await tx.application.create({
      data: {
        id: app.id,
        accountId: app.accountId,
        name: app.name,
        platform: app.platform,
        region: app.region,
        stateChangedAt: at,
        createdAt: at,
      },
    });
  }

  /** Replaces the app's overrides unless it is destroyed; false: no such live app. */
  async replaceOverrides(id: string, overrides: Partial<Entitlements>): Promise<boolean> {
    const { count } = await this.prisma.application.updateMany({
      where: { id, state: { not: 'destroyed' } },
      data: { entitlementOverrides: overrides as Prisma.InputJsonValue },
    });
    return count > 0;
  }

  async throttle(tx: Tx, appIds: readonly string[]): Promise<void> {
    if (appIds.length === 0) return;
    await tx.$executeRaw`UPDATE applications SET throttled = true WHERE id = ANY(${appIds as string[]}::uuid[]) AND NOT throttled`;
  }

  /** Returns the apps among `appIds` whose throttle this lifted. */
  async unthrottle(tx: Tx, appIds: readonly string[]): Promise<string[]> {
    if (appIds.length === 0) return [];
    const rows = await tx.$queryRaw<{ id: string }[]>`
      UPDATE applications SET throttled = false WHERE id = ANY(${appIds as string[]}::uuid[]) AND throttled
      RETURNING id::text AS "id"`;
    return rows.map((row) => row.id);
  }

  /** The first activation starts the billing (and the loyalty count); a later one never moves it. */
  async markPaygActivated(tx: Tx, appIds: readonly string[], at: Date): Promise<void> {
    await tx.$executeRaw`
      UPDATE applications SET payg_activated_at = coalesce(payg_activated_at, ${at}) WHERE id = ANY(${appIds as string[]}::uuid[])`;
  }

  /**
   * Moves the apps among `appIds` that pass the guards and returns them (with
   * the state they left); the others are left alone, so a repeated or
   * concurrent call changes nothing twice. Destruction also deletes what the
   * app holds here besides its records: its entitlement overrides and its
   * throttle flag. Usage and every financial record stay.
   */
  async transition(tx: Tx, appIds: readonly string[], move: Transition, at: Date): Promise<TransitionedApp[]> {
    if (appIds.length === 0) return [];
    const suspensionReason = move.to === 'suspended' ? move.reason : null;
    const destroyed = move.to === 'destroyed';
    const setTrialDay = move.trialSuspendedOn !== undefined;
    const trialDay = move.trialSuspendedOn ?? null;
    const setCheckDay = move.trialCheckResumesOn !== undefined;
    const checkDay = move.trialCheckResumesOn ?? null;
    const checkedOn = move.trialCheckedOn ?? null;
    // Locking the targets first (in id order, so concurrent movers never deadlock) re-checks the
    // guards against the latest committed row: a row another transaction just moved drops out.
    return tx.$queryRaw<TransitionedApp[]>`
      WITH target AS (
        SELECT id, state FROM applications
        WHERE id = ANY(${appIds as string[]}::uuid[])
          AND state = ANY(${move.from as string[]}::text[])
          AND (${(move.plans ?? null) as string[] | null}::text[] IS NULL OR plan = ANY(${(move.plans ?? null) as string[] | null}::text[]))
          AND (${(move.suspensionReasons ?? null) as string[] | null}::text[] IS NULL
               OR suspension_reason = ANY(${(move.suspensionReasons ?? null) as string[] | null}::text[]))
          AND (${checkedOn}::date IS NULL OR trial_check_resumes_on IS NULL OR trial_check_resumes_on <= ${checkedOn}::date)
        ORDER BY id
        FOR UPDATE
      ), moved AS (
        UPDATE applications a SET
          state = ${move.to},
          state_changed_at = ${at},
          suspension_reason = ${suspensionReason},
          plan = COALESCE(${move.plan ?? null}, a.plan),
          charity_approved = COALESCE(${move.charityApproved ?? null}::boolean, a.charity_approved),
          trial_suspended_on = CASE WHEN ${setTrialDay} THEN ${trialDay}::date ELSE a.trial_suspended_on END,
          trial_check_resumes_on = CASE WHEN ${setCheckDay} THEN ${checkDay}::date ELSE a.trial_check_resumes_on END,
          destroyed_at = CASE WHEN ${destroyed} THEN ${at}::timestamptz ELSE a.destroyed_at END,
          entitlement_overrides = CASE WHEN ${destroyed} THEN '{}'::jsonb ELSE a.entitlement_overrides END,
          throttled = CASE WHEN ${destroyed} THEN false ELSE a.throttled END
        FROM target t
        WHERE a.id = t.id
        RETURNING a.id, a.account_id, t.state AS from_state, a.plan
      ), audit AS (
        INSERT INTO app_state_changes (app_id, from_state, to_state, reason, at, acting_key_id, note)
        SELECT id, from_state, ${move.to}, ${move.reason}, ${at}, ${move.actor?.keyId ?? requestContext.actingKeyId()}::uuid, ${move.actor?.note ?? null} FROM moved
      )
      SELECT id::text AS "id", account_id::text AS "accountId", from_state AS "fromState", plan FROM moved ORDER BY id`;
  }
}
