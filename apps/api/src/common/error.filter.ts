import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, ErrorCode } from '../../../core/src/errors/domain-error';
import { isUnavailable } from '../../../core/src/errors/unavailable';
import { BODY_LIMIT_BYTES } from './input-limits';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  [detail: string]: unknown;
}

/** The code of a failure that is no refusal: not in the domain's table, since no rule raises it. */
export const INTERNAL_ERROR_CODE = 'INTERNAL';
/** What a client waits before retrying a 503: about the time a pool or Redis takes to come back from a blip. */
const RETRY_AFTER_SECONDS = 5;

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
};

/** The one place errors become HTTP: `{statusCode, code, message, ...details}`. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    if (body.statusCode === 503) {
      this.logger.warn({ msg: 'a store is unavailable', err: exception });
      void reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    } else if (body.statusCode >= 500) this.logger.error({ msg: 'request failed', err: exception });
    void reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      return { statusCode: exception.status, code: exception.code, message: exception.message, ...exception.details };
    }
    if (isUnavailable(exception)) {
      return { statusCode: 503, code: 'UNAVAILABLE', message: 'a data store is unavailable or overloaded; retry later' };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODE_BY_STATUS[status] ?? (status < 500 ? 'INVALID_STATE' : INTERNAL_ERROR_CODE);
      return { statusCode: status, code, message: exception.message };
    }
    const fastifyError = exception as { statusCode?: number; message?: string };
    if (fastifyError?.statusCode === 413) {
      return { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: `the body is larger than ${BODY_LIMIT_BYTES} bytes`, field: 'body' };
    }
    if (fastifyError?.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      // Malformed JSON, a wrong content type, a body over the limit: the client's input is at fault.
      return { statusCode: 400, code: 'VALIDATION_FAILED', message: fastifyError.message ?? 'malformed request', field: 'body' };
    }
    return { statusCode: 500, code: INTERNAL_ERROR_CODE, message: 'internal error' };
  }
}
