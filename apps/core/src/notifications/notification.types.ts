export const NOTIFICATION_TYPES = [
  'expiry_reminder',
  'expiry_notice',
  'suspension_notice',
  'destruction_notice',
  'arrears_notice',
  'balance_alert',
  'trial_cutoff',
  'over_quota_warning',
  'deployment_done',
  'refund_done',
  'trial_cutoff_forecast',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export interface NoticeInput {
  accountId: string;
  appId?: string | null;
  type: NotificationType;
  /** What the notice is about (an app id, an account id, an order id): one notice per type, resource and day. */
  resourceKey: string;
  /** Billing date (YYYY-MM-DD) the notice belongs to. */
  day: string;
  title: string;
  body: string;
  payload?: Record<string, unknown>;
}
