import type { Application } from '../../../core/src/applications/application.types';
import type { Capabilities } from '../../../core/src/applications/capabilities.rules';
import type { Subscription } from '../../../core/src/subscriptions/subscription.types';
import { subscriptionJson } from '../subscriptions/subscription.json';
import type { ApplicationDto, CapabilitiesDto } from './application.response';

function iso(at: Date): string;
function iso(at: Date | null): string | null;
function iso(at: Date | null): string | null {
  return at ? at.toISOString() : null;
}

/** An app as the API shows it; `subscription` is its running prepaid subscription, or null. */
export function applicationJson(app: Application, subscription: Subscription | null = null): ApplicationDto {
  return {
    id: app.id,
    accountId: app.accountId,
    accessId: app.accessId,
    name: app.name,
    platform: app.platform,
    region: app.region,
    state: app.state,
    plan: app.plan,
    stateChangedAt: iso(app.stateChangedAt),
    suspensionReason: app.suspensionReason,
    trialSuspendedOn: app.trialSuspendedOn,
    charityApproved: app.charityApproved,
    throttled: app.throttled,
    entitlementOverrides: app.entitlementOverrides,
    createdAt: iso(app.createdAt),
    destroyedAt: iso(app.destroyedAt),
    subscription: subscription && subscriptionJson(subscription),
  };
}

export function capabilitiesJson(caps: Capabilities): CapabilitiesDto {
  return { push: caps.push, register: caps.register, throttled: caps.throttled, state: caps.state, entitlements: caps.entitlements };
}
