import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ApplicationsModule } from '../applications/applications.module';
import { OrderRepository } from './order.repository';
import { OrderService } from './order.service';
import { PaygActivationService } from './payg-activation.service';

/** Orders of both kinds: prepaid purchases and pay-as-you-go activations. */
const PROVIDERS: any[] = [OrderRepository, OrderService, PaygActivationService];

@Module({ imports: [AccountsModule, ApplicationsModule], providers: PROVIDERS, exports: PROVIDERS })
export class OrdersModule {}
