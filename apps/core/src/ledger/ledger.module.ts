import { Module } from '@nestjs/common';
import { LedgerBulkRepository } from './ledger-bulk.repository';
import { LedgerBulkService } from './ledger-bulk.service';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';

/**
 * The one writer of ledger transactions, entries, vouchers and wallet balances:
 * one movement at a time (LedgerService, Prisma) or many at once (LedgerBulkService, `pg`).
 */
@Module({ providers: [LedgerRepository, LedgerService, LedgerBulkRepository, LedgerBulkService], exports: [LedgerService, LedgerBulkService] })
export class LedgerModule {}
