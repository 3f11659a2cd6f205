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
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  accountId: string;

  @ApiProperty({ format: 'uuid', description: 'a trial app of the account (or one whose prepaid plan was refunded)' })
  @IsUUID()
  appId: string;

  @ApiProperty({ minimum: 1, description: 'units of 10,000 DAU of monthly peak' })
  @IsInt()
  @Min(1)
  @Max(MAX_UNITS)
  units: number;

  @ApiProperty({ minimum: 1, maximum: MAX_MONTHS, description: 'a duration on sale: 1 to 12, 24 or 36' })
  @IsInt()
  @Min(1)
  @Max(MAX_MONTHS)
  months: number;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  autoRenew?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'vouchers to spend first, in this order' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  voucherIds?: string[];
}

export class RenewalDto {
  @ApiProperty({ minimum: 1, maximum: MAX_MONTHS, description: 'a duration on sale, added from the expiry date' })
  @IsInt()
  @Min(1)
  @Max(MAX_MONTHS)
  months: number;
}

export class UpgradeDto {
  @ApiProperty({ minimum: 1, description: 'the new size, above the current one (downgrades are not sold)' })
  @IsInt()
  @Min(1)
  @Max(MAX_UNITS)
  units: number;
}

export class SubscriptionPatchDto {
  @ApiProperty()
  @IsBoolean()
  autoRenew: boolean;
}

export class RefundDto {
  @ApiProperty({ enum: ['no-questions', 'standard'] })
  @IsIn(['no-questions', 'standard'])
  type: RefundType;
}

export class RefundBlockDto {
  @ApiProperty({ example: 'repeated purchase-and-refund', minLength: 1, maxLength: 500 })
  @IsString()
  @Length(1, 500)
  reason: string;
}
