import { Module } from '@nestjs/common';
import { SettlementRepository } from './settlement.repository';
import { SettlementService } from './settlement.service';

@Module({ providers: [SettlementRepository, SettlementService], exports: [SettlementService] })
export class SettlementModule {}
