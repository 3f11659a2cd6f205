import { ValidateBy, ValidationOptions } from 'class-validator';
import { FIRST_DATE, LAST_DATE, isValidDate, isValidInstant } from '../../../core/src/clock/calendar';

/** A calendar date `YYYY-MM-DD` (read in the billing time zone by the services). */
export function IsBillingDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isBillingDate', validator: { validate: (value: unknown) => typeof value === 'string' && isValidDate(value) } },
    { message: `$property must be a date YYYY-MM-DD from ${FIRST_DATE} to ${LAST_DATE}`, ...options },
  );
}

/** An ISO 8601 instant (with its offset) whose date lies in the range the product accepts. */
export function IsBillingInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isBillingInstant', validator: { validate: (value: unknown) => typeof value === 'string' && isValidInstant(value) } },
    { message: `$property must be an ISO 8601 instant from ${FIRST_DATE} to ${LAST_DATE}`, ...options },
  );
}
