import { Module } from '@nestjs/common';
import { PricingModule } from '../pricing/pricing.module';
import { AccountsModule } from '../accounts/accounts.module';
import { ApplicationsModule } from '../applications/applications.module';
import { BillRepository } from './bill.repository';
import { ArrearsRepository } from './arrears.repository';
import { ArrearsService } from './arrears.service';
import { PaygSettlementRepository } from './payg-settlement.repository';
import { SettlementRepository } from './settlement.repository';
import { SettlementService } from './settlement.service';
import { TopUpService } from './top-up.service';
import { VoucherExpiryService } from './voucher-expiry.service';
import { AppRestoreService } from './app-restore.service';

@Module({
  imports: [PricingModule, ApplicationsModule, AccountsModule],
  providers: [BillRepository, SettlementRepository, PaygSettlementRepository, SettlementService, ArrearsRepository, ArrearsService, TopUpService, VoucherExpiryService, AppRestoreService],
  exports: [BillRepository, SettlementService, ArrearsService, TopUpService, VoucherExpiryService, AppRestoreService],
})
export class SettlementModule {}
