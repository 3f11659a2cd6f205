/** The states, plans and suspension reasons of an app: the vocabulary of its lifecycle. */
export const APP_STATES = ['trial', 'deploying', 'active', 'grace', 'suspended', 'destroyed'] as const;
export type AppState = (typeof APP_STATES)[number];

export const PLANS = ['trial', 'prepaid', 'payg', 'charity'] as const;
export type Plan = (typeof PLANS)[number];

/** Why an app is suspended (applications.suspension_reason). */
export type SuspensionReason = 'trial_over_limit' | 'expired' | 'arrears' | 'refunded';
