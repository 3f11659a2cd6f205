import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { READERS } from '../../../core/src/auth/roles';
import { formatMoney } from '../../../core/src/money/money';
import { BillRepository } from '../../../core/src/settlement/bill.repository';
import { Roles } from '../auth/roles.decorator';
import { IsBillingDate } from '../common/billing-date.validator';
import { AccountScoped } from '../auth/scope.decorator';

const BILLS_LIMIT = 1000;

class BillQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  appId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @ApiPropertyOptional({ example: '2026-01-01' })
  @IsOptional()
  @IsBillingDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-01-31' })
  @IsOptional()
  @IsBillingDate()
  to?: string;
}

@ApiTags('bills')
@ApiBearerAuth()
@Controller('v1/bills')
export class BillsController {
  constructor(private readonly bills: BillRepository) {}

  /** Daily pay-as-you-go bills, newest first (at most 1,000 a call: narrow by app, account or dates). */
  @Get()
  @AccountScoped({ filterQuery: true })
  @Roles(...READERS)
  async list(@Query() query: BillQueryDto) {
    const bills = await this.bills.list(query, BILLS_LIMIT);
    return bills.map((bill) => ({
      appId: bill.appId,
      accountId: bill.accountId,
      date: bill.date,
      dau: bill.dau,
      chargedDay: bill.chargedDay,
      amount: formatMoney(bill.amount),
      region: bill.region,
      priceBookVersion: bill.priceBookVersion,
      ledgerTransactionId: bill.ledgerTransactionId,
    }));
  }
}
