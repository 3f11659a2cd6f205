import type { AdviceOption, PlanAdvice } from '../../../core/src/advice/advice.rules';
import type { AppPlanAdvice } from '../../../core/src/advice/advice.service';
import { formatMoney } from '../../../core/src/money/money';

function optionJson(option: AdviceOption) {
  return { ...option, cost: formatMoney(option.cost) };
}

export function planAdviceJson(advice: PlanAdvice) {
  const { savings, savingsAgainst, ...best } = advice.recommendation;
  return {
    basis: advice.basis,
    options: advice.options.map(optionJson),
    recommendation: {
      ...optionJson(best),
      savings: formatMoney(savings),
      savingsAgainst: { ...savingsAgainst, cost: formatMoney(savingsAgainst.cost) },
    },
  };
}

export function appPlanAdviceJson(advice: AppPlanAdvice) {
  return { ...planAdviceJson(advice), period: advice.period };
}
