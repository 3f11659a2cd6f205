import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError } from '../../../core/src/errors/domain-error';

interface FieldError {
  field: string;
  messages: string[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Unknown fields and malformed values are refused with the name of the (first) field at fault. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      const first = fields[0] ?? { field: 'body', messages: ['invalid request'] };
      return new DomainError('VALIDATION_FAILED', first.messages.map((m) => m.replace(/^property /, '')).join('; '), {
        field: first.field,
        errors: fields,
      });
    },
  });
}
