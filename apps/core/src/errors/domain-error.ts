/** Every refusal the product can give, with the HTTP status the API maps it to. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  IDEMPOTENCY_KEY_REQUIRED: 400,
  UNAUTHENTICATED: 401,
  INSUFFICIENT_BALANCE: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  APP_LIMIT_REACHED: 409,
  SALES_CLOSED: 409,
  DAY_CLOSED: 409,
  INVALID_STATE: 409,
  REFUND_NOT_ALLOWED: 409,
  VOUCHER_EXPIRED: 409,
  IDEMPOTENCY_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  /** A DAU report from a 17th source of one app's day (SPEC 16). */
  TOO_MANY_SOURCES: 409,
  RATE_LIMITED: 429,
  /** Postgres or Redis cannot be reached in time, or the process is shutting down: retry after Retry-After seconds. */
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetails {
  /** The request field at fault, when there is one. */
  field?: string;
  [key: string]: unknown;
}

/** A rule violation with a stable code; one filter maps it to HTTP, processors treat it as unrecoverable. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  static validation(field: string, message: string): DomainError {
    return new DomainError('VALIDATION_FAILED', message, { field });
  }

  static notFound(what: string, id: string): DomainError {
    return new DomainError('NOT_FOUND', `${what} ${id} not found`);
  }
}
