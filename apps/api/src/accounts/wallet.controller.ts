import { Param, Body, Controller, Get, Headers, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { READERS } from '../../../core/src/auth/roles';
import { LedgerService } from '../../../core/src/ledger/ledger.service';
import { VoucherGrantService } from '../../../core/src/ledger/voucher-grant.service';
import { TopUpService } from '../../../core/src/settlement/top-up.service';
import { money } from '../../../core/src/money/money';
import { mapPage, pageRequest } from '../../../core/src/pagination/pagination';
import { Roles } from '../auth/roles.decorator';
import { csvFile, wantsCsv } from '../common/csv';
import { idempotentReply } from '../common/idempotent-reply';
import { IdempotencyKeyHeader, IdempotentWrite } from '../common/idempotency-key';
import { GrantVoucherDto, LedgerQueryDto, TopUpDto } from './account.dto';
import { ledgerTransactionJson, voucherJson } from './account.json';
import { ApiDoc, ApiErrors, ApiList } from '../common/openapi/decorators';
import { GrantedVoucherDto, LedgerTransactionDto } from './account.response';
import { uuidParam } from './params';
import { AccountScoped, PlatformWide } from '../auth/scope.decorator';

const LEDGER_COLUMNS = ['transactionId', 'createdAt', 'kind', 'businessKey', 'reference', 'book', 'voucherId', 'amount'].map((key) => ({
  key,
  header: key,
}));

@ApiTags('wallet')
@ApiBearerAuth()
@Controller('v1/accounts/:id')
export class WalletController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly vouchers: VoucherGrantService,
    private readonly topUps: TopUpService,
  ) {}

  /** Retry with the same Idempotency-Key and body: the first answer again, and money moves once. */
  @Post('top-ups')
  @PlatformWide()
  @ApiDoc('Top up the wallet', 'Admin. Cash paid in, or gift credit granted; answers the ledger transaction with its balanced entries.')
  @ApiCreatedResponse({ type: LedgerTransactionDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'IDEMPOTENCY_CONFLICT', 'IDEMPOTENCY_KEY_REQUIRED')
  @IdempotentWrite('required')
  async topUp(
    @Param('id', uuidParam('id')) accountId: string,
    @Body() body: TopUpDto,
    @IdempotencyKeyHeader() key: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const placed = await this.topUps.topUp(accountId, money(body.amount), body.kind, key);
    return idempotentReply(reply, ledgerTransactionJson(placed.transaction), placed.replayed);
  }

  /** A retry under the same Idempotency-Key grants nothing twice. */
  @Post('vouchers')
  @PlatformWide()
  @ApiDoc(
    'Grant a voucher',
    'Admin. A voucher spendable on orders until `expiresOn` (a billing date, not in the past), apart from the available balance.',
  )
  @ApiCreatedResponse({ type: GrantedVoucherDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'IDEMPOTENCY_CONFLICT', 'IDEMPOTENCY_KEY_REQUIRED')
  @IdempotentWrite('required')
  async grantVoucher(
    @Param('id', uuidParam('id')) accountId: string,
    @Body() body: GrantVoucherDto,
    @IdempotencyKeyHeader() key: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const answer = await this.vouchers.grant(accountId, money(body.amount), body.expiresOn, key, ({ voucher, transaction }) =>
      voucherJson(voucher, transaction.id),
    );
    return idempotentReply(reply, answer.body, answer.replayed, answer.status);
  }

  @Get('ledger')
  @AccountScoped({ id: 'account' })
  @Roles(...READERS)
  @ApiDoc(
    "List the account's ledger transactions",
    'Transactions of the billing dates `from`..`to` (both included), oldest first, with their entries.',
  )
  @ApiList(LedgerTransactionDto, 'a page of transactions', 'a header line, then one line per ledger entry, every matching entry')
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async listTransactions(
    @Param('id', uuidParam('id')) accountId: string,
    @Query() query: LedgerQueryDto,
    @Headers('accept') accept?: string,
  ) {
    if (wantsCsv(accept)) return csvFile(await this.ledger.streamEntries(accountId, query.from, query.to), LEDGER_COLUMNS, 'ledger.csv');
    const page = await this.ledger.listTransactions(accountId, query.from, query.to, pageRequest(query, ['string', 'string']));
    return mapPage(page, ledgerTransactionJson);
  }
}
