import { Controller, Get, Headers, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { READERS } from '../../../core/src/auth/roles';
import { SignedStatement, StatementService } from '../../../core/src/statements/statement.service';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { AccountScoped } from '../auth/scope.decorator';
import { ApiDoc, ApiErrors, ApiPdf } from '../common/openapi/decorators';
import { StatementQueryDto } from './statement.dto';
import { statementPdf } from './statement.pdf';
import { StatementDto } from './statement.response';

const wantsPdf = (query: StatementQueryDto, accept: string | undefined) =>
  query.format === 'pdf' || (query.format === undefined && /\bapplication\/pdf\b/i.test(accept ?? ''));

@ApiTags('wallet')
@ApiBearerAuth()
@Controller('v1/accounts/:id/statements')
export class StatementsController {
  constructor(private readonly statements: StatementService) {}

  @Get(':month')
  @AccountScoped({ id: 'account' })
  @Roles(...READERS)
  @ApiDoc(
    'Get a monthly statement',
    'The billing month `YYYY-MM` (BILLING_TZ) from the ledger: opening and closing balances (cash, gift, vouchers), totals by kind, ' +
      'every ledger transaction as a line, the pay-as-you-go bills by app, and `jws`, a signature verifiable with /.well-known/jwks.json. The current month runs to now and is `provisional`; a month that has not begun is 400 on `month`. `?format=pdf` or `Accept: application/pdf` answers a PDF.',
  )
  @ApiParam({ name: 'month', example: '2026-03', description: 'YYYY-MM, a month that has begun' })
  @ApiPdf('the statement', StatementDto)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async statement(
    @Param('id', uuidParam('id')) accountId: string,
    @Param('month') month: string,
    @Query() query: StatementQueryDto,
    @Headers('accept') accept?: string,
  ): Promise<SignedStatement | StreamableFile> {
    const statement = await this.statements.statement(accountId, month);
    if (!wantsPdf(query, accept)) return statement;
    return new StreamableFile(statementPdf(statement), {
      type: 'application/pdf',
      disposition: `attachment; filename="statement-${statement.month}.pdf"`,
    });
  }
}
