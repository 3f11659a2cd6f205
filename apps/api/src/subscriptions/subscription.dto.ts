import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import type { RefundType } from '../../../core/src/pricing/quote.service';

const MAX_UNITS = 1_000_000;
const MAX_MONTHS = 36;

export class PrepaidOrderDto {
  @ApiProperty({ format: 'uuid', example: '0b5e7c1a-4d2f-4e8b-9a61-3c2d1e0f9a7b' })
  @IsUUID()
  accountId: string;

  @ApiProperty({
    format: 'uuid',
    example: '5d1f0c2e-8a3b-4c6d-9e7f-1a2b3c4d5e6f',
    description: 'a trial app of the account (or one whose prepaid plan was refunded)',
  })
  @IsUUID()
  appId: string;

  @ApiProperty({ minimum: 1, example: 5, description: 'units of 10,000 DAU of monthly peak' })
  @IsInt()
  @Min(1)
  @Max(MAX_UNITS)
  units: number;

  @ApiProperty({ minimum: 1, maximum: MAX_MONTHS, example: 12, description: 'a duration on sale: 1 to 12, 24 or 36' })
  @IsInt()
  @Min(1)
  @Max(MAX_MONTHS)
  months: number;

  @ApiPropertyOptional({ default: false, example: true })
  @IsOptional()
  @IsBoolean()
  autoRenew?: boolean;

  @ApiPropertyOptional({
    type: [String],
    example: ['7c9e6679-7425-40de-944b-e07fc1f90ae7'],
    description: 'vouchers to spend first, in this order',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  voucherIds?: string[];
}

export class RenewalDto {
  @ApiProperty({ minimum: 1, maximum: MAX_MONTHS, example: 6, description: 'a duration on sale, added from the expiry date' })
  @IsInt()
  @Min(1)
  @Max(MAX_MONTHS)
  months: number;
}

export class UpgradeDto {
  @ApiProperty({ minimum: 1, example: 10, description: 'the new size, above the current one (downgrades are not sold)' })
  @IsInt()
  @Min(1)
  @Max(MAX_UNITS)
  units: number;
}

export class SubscriptionPatchDto {
  @ApiProperty({ example: false })
  @IsBoolean()
  autoRenew: boolean;
}

export class RefundDto {
  @ApiProperty({ enum: ['no-questions', 'standard'], example: 'standard' })
  @IsIn(['no-questions', 'standard'])
  type: RefundType;
}

export class RefundBlockDto {
  @ApiProperty({ example: 'repeated purchase-and-refund', minLength: 1, maxLength: 500 })
  @IsString()
  @Length(1, 500)
  reason: string;
}
