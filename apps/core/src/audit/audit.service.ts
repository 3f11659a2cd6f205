import { Injectable, Logger } from '@nestjs/common';
import { requestContext } from '../auth/request-context';
import type { Tx } from '../prisma/transaction';
import { AuditEvent, AuditFilter, auditEvent, NewAuditEvent } from './audit-event';
import { AuditRepository } from './audit.repository';

/**
 * The audit trail (SPEC.md 16). A write that moves money records its event
 * inside its own transaction (recordWithin, then committed), so a committed
 * movement always has its row and a rolled-back one none; every other write
 * request, and every refusal, is recorded after its answer (record).
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(private readonly events: AuditRepository) {}

  /**
   * In the transaction of the request's write, with the status and body it
   * answers. Outside a write request (jobs, the worker) there is nothing to record.
   */
  async recordWithin(tx: Tx, status: number, answered: unknown): Promise<void> {
    const context = requestContext.current();
    if (!context?.write || context.write.audited) return;
    await this.events.appendWithin(tx, auditEvent(context, context.write, status, answered));
  }

  /** That transaction committed: the request has its event, the after-answer record must not add a second. */
  committed(): void {
    const write = requestContext.current()?.write;
    if (write) write.audited = true;
  }

  /**
   * Records one request after its answer. A failure to record is logged with
   * the whole event (the log is the trail of last resort) and never turns
   * the answer the client already has into an error.
   */
  async record(event: NewAuditEvent): Promise<void> {
    try {
      await this.events.append(event);
    } catch (error) {
      this.logger.error({ msg: 'audit event not recorded', event, error: (error as Error).message });
    }
  }

  async list(filter: AuditFilter, limit: number): Promise<AuditEvent[]> {
    return this.events.list(filter, limit);
  }
}
