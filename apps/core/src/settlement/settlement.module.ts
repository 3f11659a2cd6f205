import { Module } from '@nestjs/common';
import { PricingModule } from '../pricing/pricing.module';
import { PaygSettlementRepository } from './payg-settlement.repository';
import { SettlementRepository } from './settlement.repository';
import { SettlementService } from './settlement.service';

@Module({
  imports: [PricingModule],
  providers: [SettlementRepository, PaygSettlementRepository, SettlementService],
  exports: [SettlementService],
})
export class SettlementModule {}
