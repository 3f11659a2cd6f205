import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ApplicationsModule } from '../applications/applications.module';
import { LedgerModule } from '../ledger/ledger.module';
import { OrdersModule } from '../orders/orders.module';
import { SettlementModule } from '../settlement/settlement.module';
import { SigningKeyRepository } from './signing-key.repository';
import { StatementSigner } from './statement-signer.service';
import { StatementService } from './statement.service';

/** Signed monthly statements and the public keys that verify them; the one writer of statement_signing_keys. */
@Module({
  imports: [AccountsModule, ApplicationsModule, LedgerModule, OrdersModule, SettlementModule],
  providers: [SigningKeyRepository, StatementSigner, StatementService],
  exports: [StatementService, StatementSigner],
})
export class StatementsModule {}
