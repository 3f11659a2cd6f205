import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { READERS } from '../../../core/src/auth/roles';
import { IdempotencyService, ReplayableAnswer } from '../../../core/src/idempotency/idempotency.service';
import { LedgerService } from '../../../core/src/ledger/ledger.service';
import { TopUpService } from '../../../core/src/settlement/top-up.service';
import { formatMoney, money } from '../../../core/src/money/money';
import type { Tx } from '../../../core/src/prisma/transaction';
import { Roles } from '../auth/roles.decorator';
import { GrantVoucherDto, LedgerQueryDto, TopUpDto } from './account.dto';
import { ledgerTransactionJson, voucherJson } from './account.json';
import { uuidParam } from './params';
import { AccountScoped, PlatformWide } from '../auth/scope.decorator';

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
  @PlatformWide()
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'the client\'s unique key for this top-up (1-200 printable characters)' })
  async topUp(
    @Param('id', uuidParam('id')) accountId: string,
    @Body() body: TopUpDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const answer = await this.topUps.topUp(accountId, money(body.amount), body.kind, key, ledgerTransactionJson);
    return send(reply, answer);
  }

  /** An Idempotency-Key is optional here; given, a retry grants nothing twice. */
  @Post('vouchers')
  @PlatformWide()
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async grantVoucher(
    @Param('id', uuidParam('id')) accountId: string,
    @Body() body: GrantVoucherDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const amount = money(body.amount);
    const grant = async (tx?: Tx) => {
      const { voucher, transaction } = await this.ledger.grantVoucher(accountId, amount, body.expiresOn, tx);
      return { status: 201, body: voucherJson(voucher, transaction.id) };
    };
    if (key === undefined) return (await grant()).body;
    const request = { amount: formatMoney(amount), expiresOn: body.expiresOn };
    return send(reply, await this.idempotency.run(`voucher:${accountId}`, key, request, grant));
  }

  @Get('ledger')
  @AccountScoped({ id: 'account' })
  @Roles(...READERS)
  async listTransactions(@Param('id', uuidParam('id')) accountId: string, @Query() query: LedgerQueryDto) {
    const transactions = await this.ledger.listTransactions(accountId, query.from, query.to);
    return transactions.map(ledgerTransactionJson);
  }
}
