import { Module } from '@nestjs/common';
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

/** The daily pay-as-you-go settlement, its bills, arrears and wallet top-ups. */
@Module({
  imports: [IdempotencyModule, LedgerModule, LifecycleModule, PricingModule],
  providers: [BillRepository, BillService, SettlementRepository, PaygSettlementRepository, SettlementService, ArrearsRepository, ArrearsService, TopUpService],
  exports: [BillService, SettlementService, ArrearsService, TopUpService],
})
export class SettlementModule {}
