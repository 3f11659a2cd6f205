import { PageQueryDto } from '../common/page-query.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';
import { MAX_APPS_PER_ACTIVATION } from '../../../core/src/orders/payg-activation.service';
import { IsBillingDate } from '../common/billing-date.validator';

export class PaygOrderDto {
  @ApiProperty({ format: 'uuid', example: '0b5e7c1a-4d2f-4e8b-9a61-3c2d1e0f9a7b' })
  @IsUUID()
  accountId: string;

  @ApiProperty({
    type: [String],
    example: ['5d1f0c2e-8a3b-4c6d-9e7f-1a2b3c4d5e6f'],
    minItems: 1,
    maxItems: MAX_APPS_PER_ACTIVATION,
    description: 'trial apps of the account',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_APPS_PER_ACTIVATION)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  appIds: string[];
}

export class OrderQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @ApiPropertyOptional({ enum: ['prepaid', 'postpaid'] })
  @IsOptional()
  @IsIn(['prepaid', 'postpaid'])
  kind?: 'prepaid' | 'postpaid';

  @ApiPropertyOptional({ example: '2026-01-01', description: 'billing date, included' })
  @IsOptional()
  @IsBillingDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-01-31', description: 'billing date, included' })
  @IsOptional()
  @IsBillingDate()
  to?: string;
}
