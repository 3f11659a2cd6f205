import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { LedgerModule } from '../ledger/ledger.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { PricingModule } from '../pricing/pricing.module';
import { ArrearsRepository } from './arrears.repository';
import { ArrearsService } from './arrears.service';
import { BillRepository } from './bill.repository';
import { BillService } from './bill.service';
import { PaygSettlementRepository } from './payg-settlement.repository';
import { SettlementRepository } from './settlement.repository';
import { SettlementService } from './settlement.service';
import { TopUpService } from './top-up.service';
import { VoucherExpiryService } from './voucher-expiry.service';
import { AppRestoreService } from './app-restore.service';

/** The daily pay-as-you-go settlement, its bills, arrears and wallet top-ups. */
@Module({
  imports: [ApplicationsModule, IdempotencyModule, LedgerModule, LifecycleModule, PricingModule],
  providers: [
    BillRepository,
    BillService,
    SettlementRepository,
    PaygSettlementRepository,
    SettlementService,
    ArrearsRepository,
    ArrearsService,
    TopUpService,
    VoucherExpiryService,
    AppRestoreService,
  ],
  exports: [BillService, SettlementService, ArrearsService, TopUpService, VoucherExpiryService, AppRestoreService],
})
export class SettlementModule {}
