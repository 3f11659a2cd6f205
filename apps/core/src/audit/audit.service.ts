import { Injectable, Logger } from '@nestjs/common';
import { AuditEvent, AuditFilter, AuditRepository, NewAuditEvent } from './audit.repository';

@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(private readonly events: AuditRepository) {}

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
