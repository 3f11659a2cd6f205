import { ValidateBy, ValidationOptions } from 'class-validator';
import { isValidDate } from '../../../core/src/clock/calendar';

/** A calendar date `YYYY-MM-DD` (read in the billing time zone by the services). */
export function IsBillingDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isBillingDate', validator: { validate: (value: unknown) => typeof value === 'string' && isValidDate(value) } },
    { message: '$property must be a date YYYY-MM-DD', ...options },
  );
}
