import { Transform } from 'class-transformer';
import { buildMessage, ValidateBy } from 'class-validator';
import { loadMaxMoneyAmount } from '../../../core/src/config/config';
import { formatMoney, isMoneyString, money } from '../../../core/src/money/money';

// Read when first needed: the environment is checked at boot (loadConfig) before any request is validated.
let maxAmount: string | undefined;
const maxMoneyAmount = () => (maxAmount ??= loadMaxMoneyAmount());

/**
 * A money amount in a request: a string (or a JSON number) with at most two
 * decimals; positive, or zero or more with `allowZero`; at most
 * MAX_MONEY_AMOUNT (SPEC 15). The field becomes its string.
 */
export function IsMoneyAmount(options: { allowZero?: boolean } = {}): PropertyDecorator {
  const toText = Transform(({ value }) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : value));
  const check = ValidateBy({
    name: 'isMoneyAmount',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' &&
        isMoneyString(value) &&
        (options.allowZero ? money(value).gte(0) : money(value).gt(0)) &&
        money(value).lte(maxMoneyAmount()),
      defaultMessage: buildMessage(
        () =>
          `$property must be ${options.allowZero ? 'zero or more' : 'more than zero'}, at most ${formatMoney(money(maxMoneyAmount()))}, with at most two decimals (e.g. "100.00")`,
      ),
    },
  });
  return (target, property) => {
    toText(target, property);
    check(target, property);
  };
}
