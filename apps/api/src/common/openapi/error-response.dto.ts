import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ERROR_STATUS, ErrorCode } from '../../../../core/src/errors/domain-error';
import { INTERNAL_ERROR_CODE } from '../error.filter';
import { MONEY_PATTERN } from './properties';

export type ApiErrorCode = ErrorCode | typeof INTERNAL_ERROR_CODE;

/** Every code an answer can carry: the domain's error table, plus the filter's own code for a failure. */
export const ERROR_CODES = [...(Object.keys(ERROR_STATUS) as ErrorCode[]), INTERNAL_ERROR_CODE] as ApiErrorCode[];

export function statusOf(code: ApiErrorCode): number {
  return code === INTERNAL_ERROR_CODE ? 500 : ERROR_STATUS[code];
}

@ApiSchema({ name: 'FieldError' })
export class FieldErrorDto {
  @ApiProperty({ example: 'amount' })
  field: string;

  @ApiProperty({ type: [String], example: ['amount must be more than zero, with at most two decimals (e.g. "100.00")'] })
  messages: string[];
}

/** The one shape of every refusal and failure. */
@ApiSchema({ name: 'ErrorResponse' })
export class ErrorResponseDto {
  @ApiProperty({ type: 'integer', example: 400, description: 'the HTTP status again' })
  statusCode: number;

  @ApiProperty({
    enum: ERROR_CODES,
    enumName: 'ErrorCode',
    example: 'VALIDATION_FAILED',
    description: 'stable: branch on this, not on the message',
  })
  code: ApiErrorCode;

  @ApiProperty({ example: 'amount must be more than zero, with at most two decimals (e.g. "100.00")' })
  message: string;

  @ApiPropertyOptional({ example: 'amount', description: 'the request field (body, query, path or header) at fault, when there is one' })
  field?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'VALIDATION_FAILED: every field at fault' })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({ type: String, pattern: MONEY_PATTERN, example: '12.50', description: 'INSUFFICIENT_BALANCE: how much is missing' })
  shortfall?: string;

  @ApiPropertyOptional({ example: 'window_passed', description: 'REFUND_NOT_ALLOWED: why, as a stable word' })
  reason?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'VOUCHER_EXPIRED: the voucher past its last day' })
  voucherId?: string;
}
