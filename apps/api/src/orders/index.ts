import type { Type } from '@nestjs/common';
import { BillsController } from '../bills/bills.controller';
import { SubscriptionsController } from '../subscriptions/subscriptions.controller';
import { OrdersController } from './orders.controller';
import { PrepaidOrdersController } from './prepaid-orders.controller';

/** Controllers of orders (both kinds), prepaid subscriptions and refunds, and pay-as-you-go bills. */
export const ORDER_CONTROLLERS: Type[] = [OrdersController, PrepaidOrdersController, SubscriptionsController, BillsController];
