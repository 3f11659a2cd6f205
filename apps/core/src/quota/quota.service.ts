import { Injectable, Logger } from '@nestjs/common';
import { addDays } from '../clock/calendar';
import { AppStateService } from '../lifecycle/app-state.service';
import { NotificationDispatcher } from '../notifications/notification-dispatcher';
import { NoticeService } from '../notifications/notice.service';
import { PriceBookService } from '../pricing/price-book.service';
import { UnitOfWork } from '../prisma/unit-of-work';
import type { Tx } from '../prisma/transaction';
import { overQuotaWarning } from './quota.notices';
import { QuotaRepository } from './quota.repository';

/** Apps per transaction of a sweep. */
const PAGE = 500;

/**
 * Over quota (SPEC.md 2.1): a prepaid app whose DAU of the day passes its
 * units x the price book's unit DAU is throttled, and its account is warned at
 * most once a day per app. Ingest throttles at once (the hourly sweep catches
 * what it missed); the throttle is lifted at the close of the first day back
 * under quota, or at once by an upgrade that covers the day's DAU.
 */
@Injectable()
export class QuotaService {
  private readonly logger = new Logger(QuotaService.name);

  constructor(
    private readonly quota: QuotaRepository,
    private readonly states: AppStateService,
    private readonly notices: NoticeService,
    private readonly dispatcher: NotificationDispatcher,
    private readonly priceBooks: PriceBookService,
    private readonly uow: UnitOfWork,
  ) {}

  /** Throttles and warns the apps (all when `appIds` is null) over quota on `day`; returns how many it throttled or warned. */
  async enforce(day: string, at: Date, appIds: readonly string[] | null = null): Promise<number> {
    const unitDau = (await this.priceBooks.effectiveOn(day)).unitDau;
    let total = 0;
    for (;;) {
      // Read first, outside a transaction: on the ingest path there is usually nothing to do. Throttling and
      // warning again are no-ops, so a page read twice by concurrent requests is harmless.
      const over = await this.quota.overQuota(day, unitDau, appIds, PAGE);
      if (over.length) {
        await this.uow.run(async (tx) => {
          await this.states.throttle(
            tx,
            over.map((app) => app.id),
          );
          await this.notices.raiseMany(
            tx,
            over.map((app) => overQuotaWarning(app, app.dau, app.quota, day)),
            at,
          );
        });
      }
      total += over.length;
      if (over.length < PAGE) break;
    }
    if (total) {
      this.logger.log({ msg: 'prepaid apps over quota', day, apps: total });
      await this.dispatcher.kick();
    }
    return total;
  }

  /**
   * At 00:00 of `day`: lifts the throttle of apps whose previous day closed at
   * or under quota (or whose plan ended); those still throttled get today's warning.
   */
  async startDay(day: string, at: Date): Promise<{ lifted: string[]; warned: number }> {
    const closed = addDays(day, -1);
    const unitDau = (await this.priceBooks.effectiveOn(closed)).unitDau;
    const outcome = await this.uow.run(async (tx) => {
      const lifted = await this.unthrottle(tx, closed, unitDau, null);
      const still = await this.quota.throttledOver(tx, closed, unitDau);
      const warned = await this.notices.raiseMany(
        tx,
        still.map((app) => overQuotaWarning(app, app.dau, app.quota, day)),
        at,
      );
      return { lifted, warned };
    });
    if (outcome.warned) await this.dispatcher.kick();
    return outcome;
  }

  /** After an upgrade: the new size may cover the day's DAU already. */
  async recheck(tx: Tx, appId: string, day: string): Promise<void> {
    const unitDau = (await this.priceBooks.effectiveOn(day)).unitDau;
    await this.unthrottle(tx, day, unitDau, [appId]);
  }

  /** Quota decides which apps are back under it; lifecycle, the writer of the app row, lifts their throttle. */
  private async unthrottle(tx: Tx, day: string, unitDau: number, appIds: readonly string[] | null): Promise<string[]> {
    return this.states.unthrottle(tx, await this.quota.liftable(tx, day, unitDau, appIds));
  }
}
