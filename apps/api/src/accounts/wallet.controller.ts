import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { READERS } from '../../../core/src/auth/roles';
import { IdempotencyService, ReplayableAnswer } from '../../../core/src/idempotency/idempotency.service';
import { LedgerService } from '../../../core/src/ledger/ledger.service';
import { TopUpService } from '../../../core/src/settlement/top-up.service';
import { formatMoney, money } from '../../../core/src/money/money';
import type { Tx } from '../../../core/src/prisma/transaction';
import { Roles } from '../auth/roles.decorator';
import { IdempotencyKeyHeader, IdempotentWrite } from '../common/idempotency-key';
import { GrantVoucherDto, LedgerQueryDto, TopUpDto } from './account.dto';
import { ledgerTransactionJson, voucherJson } from './account.json';
import { uuidParam } from './params';

/** Sends a stored or fresh idempotent answer with its own status; a replay says so in a header. */
function send<B>(reply: FastifyReply, answer: ReplayableAnswer<B>): B {
  void reply.status(answer.status);
  if (answer.replayed) void reply.header('Idempotent-Replayed', 'true');
  return answer.body;
}

@ApiTags('wallet')
@ApiBearerAuth()
@Controller('v1/accounts/:id')
export class WalletController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly idempotency: IdempotencyService,
    private readonly topUps: TopUpService,
  ) {}

  /** Retry with the same Idempotency-Key and body: the first answer again, and money moves once. */
  @Post('top-ups')
  @IdempotentWrite('required')
  async topUp(
    @Param('id', uuidParam('id')) accountId: string,
    @Body() body: TopUpDto,
    @IdempotencyKeyHeader() key: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const answer = await this.topUps.topUp(accountId, money(body.amount), body.kind, key, ledgerTransactionJson);
    return send(reply, answer);
  }

  /** A retry under the same Idempotency-Key grants nothing twice. */
  @Post('vouchers')
  @IdempotentWrite('required')
  async grantVoucher(
    @Param('id', uuidParam('id')) accountId: string,
    @Body() body: GrantVoucherDto,
    @IdempotencyKeyHeader() key: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const amount = money(body.amount);
    const grant = async (tx: Tx) => {
      const { voucher, transaction } = await this.ledger.grantVoucher(accountId, amount, body.expiresOn, tx);
      return { status: 201, body: voucherJson(voucher, transaction.id) };
    };
    const request = { amount: formatMoney(amount), expiresOn: body.expiresOn };
    return send(reply, await this.idempotency.run(`voucher:${accountId}`, key, request, grant));
  }

  @Get('ledger')
  @Roles(...READERS)
  async listTransactions(@Param('id', uuidParam('id')) accountId: string, @Query() query: LedgerQueryDto) {
    const transactions = await this.ledger.listTransactions(accountId, query.from, query.to);
    return transactions.map(ledgerTransactionJson);
  }
}
