import type { Channel, PlannedDelivery, Recipient, RecipientRole, RelayedNotice, SubscriptionOverride } from './delivery.types';
import { RECIPIENT_ROLES } from './delivery.types';
import { NOTIFICATION_TYPES, NotificationType } from './notification.types';

/** Notices about an app: what its resource collaborators hear of by default. */
const APP_NOTICES: readonly NotificationType[] = [
  'expiry_reminder',
  'expiry_notice',
  'suspension_notice',
  'destruction_notice',
  'trial_cutoff',
  'trial_cutoff_forecast',
  'over_quota_warning',
  'deployment_done',
];

/** Notices about money: what finance collaborators hear of by default. */
const MONEY_NOTICES: readonly NotificationType[] = ['arrears_notice', 'balance_alert', 'refund_done'];

/**
 * Who gets what when an account configured nothing (besides in-site, which
 * every notice is): the creator everything by email; resource collaborators
 * the app notices by email; finance collaborators the money notices by email
 * and SMS.
 */
export function defaultChannels(role: RecipientRole, type: NotificationType): Channel[] {
  switch (role) {
    case 'creator':
      return ['email'];
    case 'resource':
      return APP_NOTICES.includes(type) ? ['email'] : [];
    case 'finance':
      return MONEY_NOTICES.includes(type) ? ['email', 'sms'] : [];
  }
}

export interface EffectiveSubscription {
  role: RecipientRole;
  type: NotificationType;
  channels: Channel[];
  source: 'default' | 'account';
}

/** Every (role, type) with its channels: the account's own choice where it made one, else the default. */
export function effectiveSubscriptions(overrides: readonly SubscriptionOverride[]): EffectiveSubscription[] {
  const chosen = new Map(overrides.map((o) => [`${o.role}/${o.type}`, o.channels]));
  return RECIPIENT_ROLES.flatMap((role) =>
    NOTIFICATION_TYPES.map((type) => {
      const channels = chosen.get(`${role}/${type}`);
      return channels
        ? { role, type, channels, source: 'account' as const }
        : { role, type, channels: defaultChannels(role, type), source: 'default' as const };
    }),
  );
}

function addressOn(recipient: Recipient, channel: Channel): string | null {
  switch (channel) {
    case 'email':
      return recipient.email;
    case 'sms':
    case 'voice':
      return recipient.phone;
    case 'wechat':
      return recipient.wechatId;
  }
}

/**
 * The deliveries of one notice: every recipient on every channel its role is
 * subscribed to for the notice's type, where it has an address for the
 * channel. An address gets the notice once per channel even when its owner
 * holds several roles (the first role, in creator, resource, finance order, is
 * the one recorded).
 */
export function planDeliveries(
  notice: RelayedNotice,
  recipients: readonly Recipient[],
  overrides: readonly SubscriptionOverride[],
): PlannedDelivery[] {
  const subscriptions = effectiveSubscriptions(overrides).filter((s) => s.type === notice.type);
  const planned = new Map<string, PlannedDelivery>();
  const ordered = [...recipients].sort((a, b) => RECIPIENT_ROLES.indexOf(a.role) - RECIPIENT_ROLES.indexOf(b.role));
  for (const recipient of ordered) {
    const channels = subscriptions.find((s) => s.role === recipient.role)?.channels ?? [];
    for (const channel of channels) {
      const address = addressOn(recipient, channel);
      const key = `${channel}/${address}`;
      if (!address || planned.has(key)) continue;
      planned.set(key, {
        notificationId: notice.id,
        channel,
        address,
        recipientId: recipient.id,
        recipientRole: recipient.role,
        recipientName: recipient.name,
      });
    }
  }
  return [...planned.values()];
}

/** The creator the account itself stands for when none is configured: its name and email. */
export function recipientsOf(configured: readonly Recipient[], account: { name: string; email: string | null }): Recipient[] {
  if (configured.some((r) => r.role === 'creator')) return [...configured];
  const creator: Recipient = { id: null, role: 'creator', name: account.name, email: account.email, phone: null, wechatId: null };
  return [creator, ...configured];
}
