import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { LedgerBulkRepository } from './ledger-bulk.repository';
import { LedgerBulkService } from './ledger-bulk.service';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';
import { VoucherGrantService } from './voucher-grant.service';

/**
 * The one writer of ledger transactions, entries, vouchers and wallet balances:
 * one movement at a time (LedgerService, Prisma) or many at once (LedgerBulkService, `pg`).
 */
@Module({
  imports: [IdempotencyModule],
  providers: [LedgerRepository, LedgerService, LedgerBulkRepository, LedgerBulkService, VoucherGrantService],
  exports: [LedgerService, LedgerBulkService, VoucherGrantService],
})
export class LedgerModule {}
