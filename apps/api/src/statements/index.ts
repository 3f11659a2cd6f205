import type { Type } from '@nestjs/common';
import { JwksController } from './jwks.controller';
import { StatementsController } from './statements.controller';

/** Monthly statements and the public keys that verify them. */
export const STATEMENT_CONTROLLERS: Type[] = [StatementsController, JwksController];
