import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { READERS } from '../../../core/src/auth/roles';
import { formatMoney } from '../../../core/src/money/money';
import { BillService } from '../../../core/src/settlement/bill.service';
import { Roles } from '../auth/roles.decorator';
import { IsBillingDate } from '../common/billing-date.validator';
import { ApiDoc, ApiErrors } from '../common/openapi/decorators';
import { BillDto } from './bill.response';

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
  constructor(private readonly bills: BillService) {}

  @Get()
  @Roles(...READERS)
  @ApiDoc('List daily pay-as-you-go bills', 'Newest first, at most 1,000 a call: narrow by app, account or billing dates (both included).')
  @ApiOkResponse({ type: [BillDto] })
  @ApiErrors('VALIDATION_FAILED')
  async list(@Query() query: BillQueryDto): Promise<BillDto[]> {
    const bills = await this.bills.list(query);
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
