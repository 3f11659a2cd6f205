import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { JOBS } from '../queue/jobs';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { withinDeadline } from '../queue/redis-deadline';

/**
 * Starts the relay that turns committed notices (and webhook events) into
 * deliveries. Domain code calls `kick()` after the commit of a change that
 * raised a notice or wrote an outbox event.
 */
@Injectable()
export class NotificationDispatcher {
  private readonly logger = new Logger(NotificationDispatcher.name);

  constructor(
    @InjectQueue('notifications') private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Enqueues a relay run. Kicks while a run waits are merged into it; a kick
   * while one runs leaves exactly one more run queued, so nothing committed
   * before the kick is missed. Call it after the commit, never inside the
   * transaction (a run could start before the commit and miss the notice).
   * Never throws, and waits for Redis at most REDIS_WAIT_MS: the change is
   * committed whatever Redis says, and a lost kick is made up by the periodic
   * relay tick of the schedule table.
   */
  async kick(): Promise<void> {
    try {
      await withinDeadline(
        this.queue.add(
          JOBS.notifications.relay,
          {},
          { deduplication: { id: 'notifications-relay', keepLastIfActive: true }, removeOnComplete: true, removeOnFail: true },
        ),
        this.config.redisWaitMs,
        'notification relay kick',
      );
    } catch (error) {
      this.logger.warn({ msg: 'relay kick lost; the periodic relay will pick the notices up', err: error });
    }
  }
}
