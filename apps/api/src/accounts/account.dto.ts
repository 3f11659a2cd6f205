import { PageQueryDto } from '../common/page-query.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { Transform } from 'class-transformer';
import type { TopUpKind } from '../../../core/src/ledger/ledger.rules';
import { IsBillingDate } from '../common/billing-date.validator';
import { IsMoneyAmount } from './money.validator';

const TOP_UP_KINDS: TopUpKind[] = ['cash', 'gift'];

export class CreateAccountDto {
  @ApiProperty({ example: 'Acme Mobile Ltd.', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @ApiPropertyOptional({ example: 'billing@acme.example' })
  @IsOptional()
  @IsEmail()
  @Matches(/^[^@\s]+@[^@\s]+$/, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ type: String, example: '100.00', description: 'alert when the available balance drops below this (CNY)' })
  @IsOptional()
  @IsMoneyAmount({ allowZero: true })
  balanceAlertThreshold?: string;
}

export class TopUpDto {
  @ApiProperty({ type: String, example: '100.00', description: 'CNY, more than zero, at most two decimals' })
  @IsMoneyAmount()
  amount: string;

  @ApiProperty({ enum: TOP_UP_KINDS, example: 'cash', description: 'cash paid in, or gift credit granted by the operator' })
  @IsIn(TOP_UP_KINDS)
  kind: TopUpKind;
}

export class GrantVoucherDto {
  @ApiProperty({ type: String, example: '50.00' })
  @IsMoneyAmount()
  amount: string;

  @ApiProperty({ example: '2026-12-31', description: 'last billing date the voucher can be spent on; not in the past' })
  @IsBillingDate()
  expiresOn: string;
}

export class PrivilegesDto {
  @ApiProperty({ example: true, description: "never suspend this account's apps for arrears or a failed auto-renewal" })
  @IsBoolean()
  neverSuspend: boolean;
}

export class LedgerQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'first billing date, included' })
  @IsOptional()
  @IsBillingDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-01-31', description: 'last billing date, included' })
  @IsOptional()
  @IsBillingDate()
  to?: string;
}

export class AccountSearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'part of the name or email, case-insensitive', maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  inArrears?: boolean;
}
