import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '../../../core/src/errors/domain-error';

/** A path id that is not a UUID is bad input naming its parameter, not a 404. */
export const uuidParam = (field: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => DomainError.validation(field, `${field} must be a UUID`) });
