import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../prisma/unit-of-work';
import { LedgerHistoryRepository } from './ledger-history.repository';
import type { LedgerHistory } from './ledger-history.types';

/** The ledger read back over a period, for statements. */
@Injectable()
export class LedgerHistoryService {
  constructor(
    private readonly history: LedgerHistoryRepository,
    private readonly uow: UnitOfWork,
  ) {}

  /** Balances at `start` and at `end` and the movements of [start, end), oldest first, from one snapshot. */
  between(accountId: string, start: Date, end: Date): Promise<LedgerHistory> {
    return this.uow.run((tx) => this.history.history(tx, accountId, start, end), { isolationLevel: 'RepeatableRead' });
  }
}
