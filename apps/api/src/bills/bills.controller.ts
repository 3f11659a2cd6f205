import { Controller, Get, Headers, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiProduces, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { READERS } from '../../../core/src/auth/roles';
import { formatMoney } from '../../../core/src/money/money';
import { mapPage, pageRequest } from '../../../core/src/pagination/pagination';
import { BillRepository } from '../../../core/src/settlement/bill.repository';
import { Roles } from '../auth/roles.decorator';
import { IsBillingDate } from '../common/billing-date.validator';
import { csvFile, wantsCsv } from '../common/csv';
import { PageQueryDto } from '../common/page-query.dto';

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

const BILL_COLUMNS = ['date', 'appId', 'accountId', 'region', 'dau', 'chargedDay', 'amount', 'priceBookVersion', 'ledgerTransactionId'].map((key) => ({ key, header: key }));

@ApiTags('bills')
@ApiBearerAuth()
@Controller('v1/bills')
export class BillsController {
  constructor(private readonly bills: BillRepository) {}

  /** Daily pay-as-you-go bills, newest day first: a page of them, or with `Accept: text/csv` every matching bill. */
  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Daily pay-as-you-go bills, newest first: `{items, nextCursor}`, or every matching bill as CSV' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: '`{items: [bill], nextCursor}`; with `Accept: text/csv` a header line and one line per bill' })
  async list(@Query() query: BillQueryDto, @Headers('accept') accept?: string) {
    const filter = { appId: query.appId, accountId: query.accountId, from: query.from, to: query.to };
    if (wantsCsv(accept)) return csvFile(await this.bills.stream(filter), BILL_COLUMNS, 'bills.csv');
    const page = await this.bills.list(filter, pageRequest(query, ['string', 'string']));
    return mapPage(page, (bill) => ({
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
