import { ApiProperty } from '@nestjs/swagger';
import type { RefundType } from '../../../core/src/pricing/quote.service';
import { REGIONS, Region } from '../../../core/src/pricing/price-book';
import type { SubscriptionStatus } from '../../../core/src/subscriptions/subscription.types';
import { DateProperty, IdProperty, InstantProperty, MoneyProperty } from '../common/openapi/properties';

const STATUSES = Object.keys({ active: 1, ended: 1, refunded: 1 } satisfies Record<SubscriptionStatus, 1>);

export class PrepaidSubscriptionDto {
  @IdProperty()
  id: string;

  @IdProperty()
  accountId: string;

  @IdProperty()
  appId: string;

  @ApiProperty({ enum: REGIONS })
  region: Region;

  @ApiProperty({ type: 'integer', example: 10, description: 'units of 10,000 DAU of monthly peak' })
  units: number;

  @ApiProperty({ type: 'integer', example: 12, description: 'the duration first bought, whose discount prices upgrades' })
  months: number;

  @DateProperty()
  startsOn: string;

  @DateProperty({ description: 'the last day of service' })
  expiresOn: string;

  @ApiProperty()
  autoRenew: boolean;

  @ApiProperty({ enum: STATUSES })
  status: SubscriptionStatus;
}

export class RefundResponseDto {
  @IdProperty()
  id: string;

  @IdProperty()
  orderId: string;

  @IdProperty()
  accountId: string;

  @ApiProperty({ enum: ['no-questions', 'standard'] })
  type: RefundType;

  @MoneyProperty({ description: 'given back to the wallet: cash + gift' })
  amount: string;

  @MoneyProperty()
  cash: string;

  @MoneyProperty()
  gift: string;

  @MoneyProperty({ description: 'voucher money spent on the order, not given back' })
  forfeitedVoucher: string;

  @IdProperty({ nullable: true })
  ledgerTransactionId: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'how the amount was computed (figures as decimal strings)' })
  breakdown: unknown;

  @InstantProperty()
  createdAt: string;
}
