import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';

/** Money in answers: a decimal string with exactly two decimals (CNY), never a JSON number. */
export const MONEY_PATTERN = '^-?[0-9]+\\.[0-9]{2}$';
/** Price-book figures (unit prices, discounts) keep their full precision. */
export const DECIMAL_PATTERN = '^-?[0-9]+(\\.[0-9]+)?$';

type Extra = Pick<ApiPropertyOptions, 'description' | 'required'> & { nullable?: boolean; example?: string };

/** A money amount: `"100.00"`. */
export const MoneyProperty = (extra: Extra = {}) =>
  ApiProperty({ type: String, pattern: MONEY_PATTERN, example: '100.00', ...extra } as ApiPropertyOptions);

/** An exact decimal figure: `"0.5"`, `"400"`. */
export const DecimalProperty = (extra: Extra = {}) =>
  ApiProperty({ type: String, pattern: DECIMAL_PATTERN, example: '0.5', ...extra } as ApiPropertyOptions);

/** A calendar date in the billing time zone: `"2026-03-10"`. */
export const DateProperty = (extra: Extra = {}) =>
  ApiProperty({ type: String, format: 'date', example: '2026-03-10', ...extra } as ApiPropertyOptions);

/** An instant, ISO 8601 in UTC: `"2026-03-10T02:00:00.000Z"`. */
export const InstantProperty = (extra: Extra = {}) =>
  ApiProperty({ type: String, format: 'date-time', example: '2026-03-10T02:00:00.000Z', ...extra } as ApiPropertyOptions);

/** A UUID. */
export const IdProperty = (extra: Extra = {}) =>
  ApiProperty({ type: String, format: 'uuid', example: '4b0c6a43-2f3e-4a4b-9b53-3f3c3e0d9a11', ...extra } as ApiPropertyOptions);
