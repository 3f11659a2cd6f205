import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StatementSigner } from '../../../core/src/statements/statement-signer.service';
import { Public } from '../auth/roles.decorator';
import { ApiPublicErrors } from '../common/openapi/decorators';
import { JwksDto } from './statement.response';

/** Public keys only: whoever holds a statement can check it without an API key (docs/bills-and-statements.md). */
@ApiTags('wallet')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly signer: StatementSigner) {}

  @Get('jwks.json')
  @Public()
  @ApiOperation({
    summary: 'Get the keys that sign statements',
    description:
      "No key needed. The Ed25519 public keys (JWK Set, RFC 7517) whose `kid` a statement's `jws` names: the current signing key first, then retired keys, so that statements signed before a rotation still verify.",
    security: [],
  })
  @ApiOkResponse({ type: JwksDto })
  @ApiPublicErrors('RATE_LIMITED')
  async jwks(): Promise<JwksDto> {
    return { keys: (await this.signer.publicKeys()) as JwksDto['keys'] };
  }
}
