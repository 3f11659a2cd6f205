import { Controller, Get, Headers, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { READERS } from '../../../core/src/auth/roles';
import { formatMoney } from '../../../core/src/money/money';
import { mapPage, pageRequest } from '../../../core/src/pagination/pagination';
import { BillService } from '../../../core/src/settlement/bill.service';
import { Roles } from '../auth/roles.decorator';
import { IsBillingDate } from '../common/billing-date.validator';
import { csvFile, wantsCsv } from '../common/csv';
import { ApiDoc, ApiErrors, ApiList } from '../common/openapi/decorators';
import { PageQueryDto } from '../common/page-query.dto';
import { BillDto } from './bill.response';
import { AccountScoped } from '../auth/scope.decorator';

class BillQueryDto extends PageQueryDto {
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

const BILL_COLUMNS = ['date', 'appId', 'accountId', 'region', 'dau', 'chargedDay', 'amount', 'priceBookVersion', 'ledgerTransactionId'].map(
  (key) => ({ key, header: key }),
);

@ApiTags('bills')
@ApiBearerAuth()
@Controller('v1/bills')
export class BillsController {
  constructor(private readonly bills: BillService) {}

  @Get()
  @AccountScoped({ filterQuery: true })
  @Roles(...READERS)
  @ApiDoc('List daily pay-as-you-go bills', 'Newest day first, a page at a time; narrow by app, account or billing dates (both included).')
  @ApiList(BillDto, 'a page of bills', 'a header line, then one line per bill, every matching bill')
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async list(@Query() query: BillQueryDto, @Headers('accept') accept?: string) {
    const filter = { appId: query.appId, accountId: query.accountId, from: query.from, to: query.to };
    if (wantsCsv(accept)) return csvFile(await this.bills.stream(filter), BILL_COLUMNS, 'bills.csv');
    const page = await this.bills.list(filter, pageRequest(query, ['string', 'string']));
    return mapPage(page, (bill): BillDto => ({
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
