import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { LedgerBulkRepository } from './ledger-bulk.repository';
import { LedgerBulkService } from './ledger-bulk.service';
import { LedgerHistoryRepository } from './ledger-history.repository';
import { LedgerHistoryService } from './ledger-history.service';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';
import { VoucherGrantService } from './voucher-grant.service';

/**
 * The one writer of ledger transactions, entries, vouchers and wallet balances:
 * one movement at a time (LedgerService, Prisma) or many at once (LedgerBulkService, `pg`);
 * LedgerHistoryService reads an account's books back over a period.
 */
@Module({
  imports: [IdempotencyModule],
  providers: [
    LedgerRepository,
    LedgerService,
    LedgerBulkRepository,
    LedgerBulkService,
    LedgerHistoryRepository,
    LedgerHistoryService,
    VoucherGrantService,
  ],
  exports: [LedgerService, LedgerBulkService, LedgerHistoryService, VoucherGrantService],
})
export class LedgerModule {}
