import { Injectable } from '@nestjs/common';
import { OutboxRelay } from '../outbox/outbox-relay';

/**
 * Starts the relay that turns committed notices (and webhook events, and the
 * job outbox) into jobs. Domain code calls `kick()` after the commit of a
 * change that raised a notice, wrote an outbox event or an outbox job.
 */
@Injectable()
export class NotificationDispatcher {
  constructor(private readonly relay: OutboxRelay) {}

  /**
   * Starts a relay run in this process and returns at once, without a call to
   * Redis: the rows are committed whatever Redis says, and a run that finds
   * Redis away leaves them to the relay's periodic sweep. Call it after the
   * commit, never inside the transaction (a run could start before the commit
   * and miss the rows).
   */
  async kick(): Promise<void> {
    this.relay.kick();
  }
}
