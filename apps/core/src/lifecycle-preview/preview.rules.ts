import type Decimal from 'decimal.js';
import type { AppState, Plan, SuspensionReason } from '../applications/application.types';
import { addDays, billingDate, startOfBillingDay } from '../clock/calendar';
import { watchWallet } from '../ledger/wallet.rules';
import { TRIAL_RECOVERY_DAYS, decideSuspendedTrial, latestDecidableSuspension } from '../lifecycle/trial.rules';
import type { PriceBook, Region } from '../pricing/price-book';
import { paygDailyFee, prepaidPrice } from '../pricing/pricing.rules';
import { dailyTicksBetween, nextTickAtOrAfter } from '../scheduling/schedule.rules';
import { SCHEDULE } from '../scheduling/schedule.table';
import {
  ARREARS_GRACE_HOURS,
  ARREARS_SUSPENSION_DAYS,
  destroyArrearsSuspendedBefore,
  suspendArrearsBefore,
} from '../settlement/arrears.rules';
import { daysToSettle, lastSettleableDay } from '../settlement/settlement.rules';
import {
  expiryWindows,
  isDueForDestruction,
  isDueForReminder,
  isDueForSuspension,
  isExpired,
  isInNoticeWindow,
} from '../subscriptions/expiry.rules';
import { addMonths } from '../subscriptions/subscription.rules';

/**
 * The lifecycle preview (SPEC.md 17): the calendar replayed tick by tick from
 * now through a day, on today's data, by the rules the jobs run. "Today's
 * data" means nothing else happens meanwhile: no top-up, purchase or operator
 * move, and no DAU beyond what is already reported (a day without reports had
 * DAU 0, as the rules count it), with the price book in force today.
 */
export const PREVIEW_ACTIONS = ['remind', 'auto_renew', 'grace', 'expiry_notice', 'suspend', 'destroy', 'restore', 'unthrottle'] as const;
export type PreviewAction = (typeof PREVIEW_ACTIONS)[number];

export interface PreviewEvent {
  at: Date;
  appId: string;
  accountId: string;
  action: PreviewAction;
  reason: string;
}

export interface PreviewAccount {
  id: string;
  neverSuspend: boolean;
  cash: Decimal;
  gift: Decimal;
  frozen: Decimal;
  arrearsSince: Date | null;
}

export interface PreviewApp {
  id: string;
  accountId: string;
  region: Region;
  plan: Plan;
  state: AppState;
  stateChangedAt: Date;
  suspensionReason: SuspensionReason | null;
  trialSuspendedOn: string | null;
  throttled: boolean;
  paygActivatedAt: Date | null;
  /** The loyalty counter of the app's latest bill, and that bill's day. */
  chargedDays: number;
  lastBilledDay: string | null;
}

export interface PreviewSubscription {
  id: string;
  appId: string;
  units: number;
  expiresOn: string;
  autoRenew: boolean;
  /** The duration of its latest term: what auto-renewal buys. */
  renewalMonths: number;
}

export interface PreviewData {
  book: PriceBook;
  accounts: PreviewAccount[];
  apps: PreviewApp[];
  /** Running subscriptions. */
  subscriptions: PreviewSubscription[];
  /** Known DAU by app and day. */
  dau: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** The last day the settlement closed, null before the first. */
  settledThrough: string | null;
}

type Sub = PreviewSubscription & { running: boolean };

/** What the preview may read and change as it replays: copies, so the caller's data stays as loaded. */
class Replay {
  readonly events: PreviewEvent[] = [];
  readonly accounts: Map<string, PreviewAccount>;
  readonly apps: PreviewApp[];
  readonly appsById: Map<string, PreviewApp>;
  readonly subs: Sub[];
  settledThrough: string | null;

  constructor(
    readonly data: PreviewData,
    readonly tz: string,
  ) {
    this.accounts = new Map(data.accounts.map((a) => [a.id, { ...a }]));
    this.apps = data.apps.map((a) => ({ ...a })).sort((a, b) => (a.id < b.id ? -1 : 1));
    this.appsById = new Map(this.apps.map((a) => [a.id, a]));
    // The jobs take due subscriptions in id order; auto-renewals of one account spend its wallet in that order.
    this.subs = data.subscriptions.map((s) => ({ ...s, running: true })).sort((a, b) => (a.id < b.id ? -1 : 1));
    this.settledThrough = data.settledThrough;
  }

  dauOn(appId: string, day: string): number {
    return this.data.dau.get(appId)?.get(day) ?? 0;
  }

  private readonly recovery = new Map<string, Map<string, number>>();

  /** The known DAU of the days after the app's trial suspension (read once: the suspension day does not change). */
  recoveryDays(app: PreviewApp): ReadonlyMap<string, number> {
    const key = `${app.id}/${app.trialSuspendedOn}`;
    if (!this.recovery.has(key)) {
      const days = new Map<string, number>();
      for (let i = 1; i <= TRIAL_RECOVERY_DAYS; i += 1) {
        const day = addDays(app.trialSuspendedOn!, i);
        days.set(day, this.dauOn(app.id, day));
      }
      this.recovery.set(key, days);
    }
    return this.recovery.get(key)!;
  }

  app(id: string): PreviewApp {
    return this.appsById.get(id)!;
  }

  emit(at: Date, app: PreviewApp, action: PreviewAction, reason: string): void {
    this.events.push({ at, appId: app.id, accountId: app.accountId, action, reason });
  }

  move(
    at: Date,
    app: PreviewApp,
    state: AppState,
    action: PreviewAction,
    reason: string,
    suspensionReason: SuspensionReason | null = null,
  ): void {
    app.state = state;
    app.stateChangedAt = at;
    app.suspensionReason = suspensionReason;
    this.emit(at, app, action, reason);
  }

  /** A payment from the wallet without vouchers: gift credit first, then cash (negative only when advanced). */
  pay(account: PreviewAccount, amount: Decimal, at: Date): void {
    const fromGift = smaller(account.gift, amount);
    account.gift = account.gift.minus(fromGift);
    account.cash = account.cash.minus(amount.minus(fromGift));
    account.arrearsSince = watchWallet(account, { arrearsSince: account.arrearsSince, lowBalanceSince: null }, null, at).flags.arrearsSince;
  }
}

function smaller(a: Decimal, b: Decimal): Decimal {
  return a.lessThan(b) ? a : b;
}

/** settlement-daily: every day due, oldest first, for the pay-as-you-go apps running when it is settled. */
function settle(r: Replay, at: Date): void {
  for (const day of daysToSettle(r.settledThrough, lastSettleableDay(at, r.tz))) {
    const dayEnd = startOfBillingDay(addDays(day, 1), r.tz);
    for (const app of r.apps) {
      if (app.plan !== 'payg' || app.state !== 'active' || !app.paygActivatedAt || app.paygActivatedAt >= dayEnd) continue;
      if (app.lastBilledDay !== null && app.lastBilledDay >= day) continue;
      const fee = paygDailyFee(r.data.book, app.region, r.dauOn(app.id, day), app.chargedDays + 1);
      if (fee.countsAsUsageDay) app.chargedDays += 1;
      app.lastBilledDay = day;
      if (fee.amount.greaterThan(0)) r.pay(r.accounts.get(app.accountId)!, fee.amount, at);
    }
    r.settledThrough = day;
  }
}

/** arrears-sweep: restore what a cleared account left suspended, suspend 24 hours in, destroy 7 days after. */
function arrearsSweep(r: Replay, at: Date): void {
  const suspendBefore = suspendArrearsBefore(at);
  const destroyBefore = destroyArrearsSuspendedBefore(at);
  const payg = r.apps.filter((a) => a.plan === 'payg');
  for (const app of payg) {
    if (app.state === 'suspended' && app.suspensionReason === 'arrears' && !r.accounts.get(app.accountId)!.arrearsSince) {
      r.move(at, app, 'active', 'restore', 'arrears_cleared');
    }
  }
  for (const app of payg) {
    const account = r.accounts.get(app.accountId)!;
    if (app.state === 'active' && !account.neverSuspend && account.arrearsSince && account.arrearsSince <= suspendBefore) {
      r.move(at, app, 'suspended', 'suspend', 'arrears', 'arrears');
    }
  }
  for (const app of payg) {
    if (
      app.state === 'suspended' &&
      app.suspensionReason === 'arrears' &&
      app.stateChangedAt <= destroyBefore &&
      r.accounts.get(app.accountId)!.arrearsSince
    ) {
      r.move(at, app, 'destroyed', 'destroy', 'arrears');
    }
  }
}

/** lifecycle-daily: suspended trial apps restored or destroyed on the days that ended. */
function trialDay(r: Replay, at: Date): void {
  const lastEndedDay = addDays(billingDate(at, r.tz), -1);
  const decidable = latestDecidableSuspension(lastEndedDay);
  for (const app of r.apps) {
    if (app.plan !== 'trial' || app.state !== 'suspended' || app.suspensionReason !== 'trial_over_limit' || !app.trialSuspendedOn) continue;
    if (app.trialSuspendedOn > decidable) continue;
    const decision = decideSuspendedTrial(app.trialSuspendedOn, lastEndedDay, r.recoveryDays(app));
    if (decision.action === 'restore') {
      r.move(at, app, 'trial', 'restore', `trial_restored: ${decision.day} closed at or under the limit`);
      app.trialSuspendedOn = null;
    }
    if (decision.action === 'destroy') r.move(at, app, 'destroyed', 'destroy', 'trial_expired');
  }
}

/** prepaid-daily: the expiry lifecycle of the new day, in the job's order, then un-throttling. */
function prepaidDay(r: Replay, at: Date): void {
  const day = billingDate(at, r.tz);
  const w = expiryWindows(day);
  const { book } = r.data;
  const running = (app: PreviewApp) => app.state === 'active' || app.state === 'deploying';
  const noticed = new Set<string>();
  const expiryNotice = (app: PreviewApp, sub: Sub) => {
    if (noticed.has(app.id)) return;
    noticed.add(app.id);
    r.emit(at, app, 'expiry_notice', `expired on ${sub.expiresOn}`);
  };
  const startGrace = (app: PreviewApp, sub: Sub, reason: string) => {
    r.move(at, app, 'grace', 'grace', reason);
    if (isInNoticeWindow(sub.expiresOn, w)) expiryNotice(app, sub);
  };

  for (const sub of r.subs) {
    const app = r.app(sub.appId);
    if (!sub.running || !sub.autoRenew || !isExpired(sub.expiresOn, w) || !running(app)) continue;
    const account = r.accounts.get(app.accountId)!;
    if (!book.prepaidMonthsOnSale.includes(sub.renewalMonths)) {
      startGrace(app, sub, `auto-renewal impossible: ${sub.renewalMonths} months is not on sale`);
      continue;
    }
    const price = prepaidPrice(book, app.region, sub.units, sub.renewalMonths).amount;
    const covered = account.cash.plus(account.gift).greaterThanOrEqualTo(price);
    if (!covered && !account.neverSuspend) {
      startGrace(app, sub, `auto-renewal not covered: ${price.toFixed(2)} due`);
      continue;
    }
    r.pay(account, price, at);
    const from = sub.expiresOn;
    sub.expiresOn = addMonths(from, sub.renewalMonths);
    r.emit(
      at,
      app,
      'auto_renew',
      `${sub.renewalMonths} month(s) from ${from} for ${price.toFixed(2)}${covered ? '' : ' advanced by the platform'}`,
    );
  }
  for (const sub of r.subs) {
    const app = r.app(sub.appId);
    if (sub.running && !sub.autoRenew && isExpired(sub.expiresOn, w) && running(app)) startGrace(app, sub, 'plan_expired');
  }
  for (const sub of r.subs) {
    const app = r.app(sub.appId);
    if (sub.running && app.state === 'grace' && isDueForSuspension(sub.expiresOn, w))
      r.move(at, app, 'suspended', 'suspend', 'expired', 'expired');
  }
  for (const sub of r.subs) {
    const app = r.app(sub.appId);
    if (sub.running && app.state === 'suspended' && app.suspensionReason === 'expired' && isDueForDestruction(sub.expiresOn, w)) {
      r.move(at, app, 'destroyed', 'destroy', 'expired');
      sub.running = false;
    }
  }
  for (const sub of r.subs) {
    const app = r.app(sub.appId);
    if (sub.running && running(app) && isDueForReminder(sub.expiresOn, w)) r.emit(at, app, 'remind', `expires on ${sub.expiresOn}`);
  }
  for (const sub of r.subs) {
    const app = r.app(sub.appId);
    if (sub.running && app.state === 'grace' && isInNoticeWindow(sub.expiresOn, w)) expiryNotice(app, sub);
  }
  const closed = addDays(day, -1);
  for (const app of r.apps) {
    if (!app.throttled) continue;
    const sub = r.subs.find((s) => s.appId === app.id && s.running);
    if (sub && r.dauOn(app.id, closed) > sub.units * book.unitDau) continue;
    app.throttled = false;
    r.emit(at, app, 'unthrottle', sub ? `${closed} closed at or under the quota` : 'no running plan');
  }
}

const DAILY_STEPS: Record<string, (r: Replay, at: Date) => void> = {
  'settlement-daily': settle,
  'lifecycle-daily': trialDay,
  'prepaid-daily': prepaidDay,
};

const ARREARS_SWEEP = SCHEDULE.find((entry) => entry.id === 'arrears-sweep')!;
const ORDER = new Map(SCHEDULE.map((entry, index) => [entry.id, index]));

/**
 * The hourly arrears sweep changes something only at a few instants: the first
 * sweep (restores anything already cleared), the first at or after each
 * account's arrears + 24 h, and the first at or after each arrears suspension
 * + 7 days. Replaying just those is replaying all 24 a day, at a tiny cost.
 */
function arrearsInstants(r: Replay, after: Date, cache: Map<number, number>): number[] {
  const next = (at: Date) => {
    const key = at.getTime();
    if (!cache.has(key)) cache.set(key, nextTickAtOrAfter(ARREARS_SWEEP, r.tz, at).getTime());
    return cache.get(key)!;
  };
  const instants = [next(new Date(after.getTime() + 1))];
  for (const account of r.accounts.values()) {
    if (account.arrearsSince && !account.neverSuspend)
      instants.push(next(new Date(account.arrearsSince.getTime() + ARREARS_GRACE_HOURS * 3600_000)));
  }
  for (const app of r.apps) {
    if (app.state === 'suspended' && app.suspensionReason === 'arrears') {
      instants.push(next(new Date(app.stateChangedAt.getTime() + ARREARS_SUSPENSION_DAYS * 24 * 3600_000)));
    }
  }
  return instants;
}

/** Every move the calendar makes after `now` through the end of the billing day `through`, in the order it makes them. */
export function previewLifecycle(data: PreviewData, now: Date, through: string, tz: string): PreviewEvent[] {
  const replay = new Replay(data, tz);
  const end = new Date(startOfBillingDay(addDays(through, 1), tz).getTime() - 1);
  // The daily rows tick by tick; the 5-minute relay and the hourly safety nets move no app under today's data.
  const daily = dailyTicksBetween(
    SCHEDULE.filter((entry) => DAILY_STEPS[entry.id]),
    tz,
    now,
    end,
  );
  const swept = new Set<number>();
  const cache = new Map<number, number>();
  let dueSweeps = arrearsInstants(replay, now, cache);
  for (let i = 0; ;) {
    const sweep = Math.min(...dueSweeps.filter((t) => !swept.has(t) && t > now.getTime()));
    const tick = daily[i];
    const sweepFirst =
      Number.isFinite(sweep) &&
      (!tick || sweep < tick.at.getTime() || (sweep === tick.at.getTime() && ORDER.get(ARREARS_SWEEP.id)! < ORDER.get(tick.entry.id)!));
    if (sweepFirst) {
      if (sweep > end.getTime()) break;
      swept.add(sweep);
      arrearsSweep(replay, new Date(sweep));
    } else if (tick) {
      DAILY_STEPS[tick.entry.id](replay, tick.at);
      i += 1;
    } else break;
    dueSweeps = arrearsInstants(replay, now, cache);
  }
  return replay.events;
}
