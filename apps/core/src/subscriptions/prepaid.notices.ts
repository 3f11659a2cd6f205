import { addDays, daysBetween } from '../clock/calendar';
import type { NoticeInput } from '../notifications/notification.types';
import { DESTROY_ON_DAY, SUSPEND_ON_DAY } from './expiry.rules';

/** A subscription as a notice needs it. Notices about an app use the app id as their resource (one per type, app and day). */
export interface ExpiringPlan {
  subscriptionId: string;
  appId: string;
  accountId: string;
  expiresOn: string;
  autoRenew: boolean;
}

export function expiryReminder(plan: ExpiringPlan, day: string): NoticeInput {
  const daysLeft = daysBetween(day, plan.expiresOn);
  return {
    accountId: plan.accountId,
    appId: plan.appId,
    type: 'expiry_reminder',
    resourceKey: plan.appId,
    day,
    title: `Your prepaid plan expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`,
    body: plan.autoRenew
      ? `The plan of app ${plan.appId} is paid through ${addDays(plan.expiresOn, -1)}. Auto-renewal will renew it on ${plan.expiresOn} if the balance covers it.`
      : `The plan of app ${plan.appId} is paid through ${addDays(plan.expiresOn, -1)}. Renew it before ${plan.expiresOn} to keep pushing without interruption.`,
    payload: { subscriptionId: plan.subscriptionId, expiresOn: plan.expiresOn, daysLeft, autoRenew: plan.autoRenew },
  };
}

export function expiryNotice(plan: ExpiringPlan, day: string): NoticeInput {
  const suspendOn = addDays(plan.expiresOn, SUSPEND_ON_DAY);
  return {
    accountId: plan.accountId,
    appId: plan.appId,
    type: 'expiry_notice',
    resourceKey: plan.appId,
    day,
    title: 'Your prepaid plan has expired',
    body: `The plan of app ${plan.appId} expired on ${plan.expiresOn}${plan.autoRenew ? ' and auto-renewal could not be paid' : ''}. Pushing continues until ${addDays(suspendOn, -1)}; renew it before ${suspendOn} or the app is suspended, and destroyed on ${addDays(plan.expiresOn, DESTROY_ON_DAY)}.`,
    payload: {
      subscriptionId: plan.subscriptionId,
      expiresOn: plan.expiresOn,
      suspendOn,
      destroyOn: addDays(plan.expiresOn, DESTROY_ON_DAY),
    },
  };
}

export function deploymentDone(order: { id: string; accountId: string; appId: string }, day: string): NoticeInput {
  return {
    accountId: order.accountId,
    appId: order.appId,
    type: 'deployment_done',
    resourceKey: order.id,
    day,
    title: 'Your prepaid plan is ready',
    body: `App ${order.appId} is deployed on its prepaid plan (order ${order.id}) and can push.`,
    payload: { orderId: order.id },
  };
}
