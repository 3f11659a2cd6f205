import type { NoticeInput } from '../notifications/notification.types';

interface Subject {
  id: string;
  accountId: string;
}

const WHY: Record<string, string> = {
  arrears: 'the account has been in arrears for 24 hours',
  expired: 'its prepaid plan expired and was not renewed',
  refunded: 'its prepaid order was refunded',
  trial_over_limit: 'it went over the free trial limit of 1,000 DAU',
};

/** Push stops; device registration and account and tag binding keep working (SPEC.md 11). */
export function suspensionNotice(app: Subject, reason: string, day: string): NoticeInput {
  return {
    accountId: app.accountId,
    appId: app.id,
    type: 'suspension_notice',
    resourceKey: app.id,
    day,
    title: 'Your app is suspended',
    body: `App ${app.id} is suspended because ${WHY[reason] ?? reason}. Pushes are stopped; devices can still register.`,
    payload: { reason },
  };
}

export function destructionNotice(app: Subject, reason: string, day: string): NoticeInput {
  return {
    accountId: app.accountId,
    appId: app.id,
    type: 'destruction_notice',
    resourceKey: app.id,
    day,
    title: 'Your app was destroyed',
    body: `App ${app.id} was destroyed because ${WHY[reason] ?? reason}: its tokens, account bindings, tags and push history are deleted for good. Bills and orders are kept.`,
    payload: { reason },
  };
}
