import type { NoticeInput } from '../notifications/notification.types';

export function overQuotaWarning(app: { id: string; accountId: string }, dau: number, quota: number, day: string): NoticeInput {
  return {
    accountId: app.accountId,
    appId: app.id,
    type: 'over_quota_warning',
    resourceKey: app.id,
    day,
    title: 'Your app is over its prepaid quota and throttled',
    body: `App ${app.id} reached ${dau} DAU against the ${quota} its plan covers: pushes are slowed down and may be delayed or lost. Upgrade the plan to lift the limit.`,
    payload: { dau, quota },
  };
}
