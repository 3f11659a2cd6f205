import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Platform, PLATFORMS } from '../../../core/src/applications/application.types';
import { APP_STATES, AppState, Plan, PLANS, SuspensionReason } from '../../../core/src/lifecycle/app-state.types';
import { REGIONS, Region } from '../../../core/src/pricing/price-book';
import { DateProperty, IdProperty, InstantProperty } from '../common/openapi/properties';
import { PrepaidSubscriptionDto } from '../subscriptions/subscription.response';

const SUSPENSION_REASONS = Object.keys({ trial_over_limit: 1, expired: 1, arrears: 1, refunded: 1 } satisfies Record<SuspensionReason, 1>);

/** The published entitlements of the price book, or an app's own where overridden. */
export class EntitlementsDto {
  @ApiProperty({ type: 'integer', example: 24 })
  offlineRetentionHours: number;

  @ApiProperty({ type: 'integer', example: 72 })
  offlineRetentionMaxHours: number;

  @ApiProperty({ type: 'integer', example: 3 })
  offlineMessagesPerDevice: number;

  @ApiProperty({ type: 'integer', example: 100 })
  tagsPerToken: number;

  @ApiProperty({ type: 'integer', example: 10000 })
  customTagsPerApp: number;

  @ApiProperty({ type: 'integer', example: 200 })
  queryApiCallsPerHour: number;

  @ApiProperty({ type: 'integer', example: 180 })
  deviceValidityDays: number;

  @ApiProperty({ type: 'integer', example: 150 })
  appsPerAccount: number;

  @ApiProperty({ type: 'integer', example: 50 })
  appsPerPlatform: number;

  @ApiProperty({ enum: ['billed_separately'] })
  smsFallback: 'billed_separately';
}

/** The entitlements an app overrides: any subset of them. */
export class EntitlementOverridesDto {
  @ApiProperty({ type: 'integer', required: false })
  offlineRetentionHours?: number;

  @ApiProperty({ type: 'integer', required: false })
  offlineRetentionMaxHours?: number;

  @ApiProperty({ type: 'integer', required: false })
  offlineMessagesPerDevice?: number;

  @ApiProperty({ type: 'integer', required: false })
  tagsPerToken?: number;

  @ApiProperty({ type: 'integer', required: false })
  customTagsPerApp?: number;

  @ApiProperty({ type: 'integer', required: false })
  queryApiCallsPerHour?: number;

  @ApiProperty({ type: 'integer', required: false })
  deviceValidityDays?: number;

  @ApiProperty({ type: 'integer', required: false })
  appsPerAccount?: number;

  @ApiProperty({ type: 'integer', required: false })
  appsPerPlatform?: number;

  @ApiProperty({ enum: ['billed_separately'], required: false })
  smsFallback?: 'billed_separately';
}

export class TrialForecastBasisDto {
  @DateProperty()
  from: string;

  @DateProperty()
  to: string;

  @ApiProperty({ type: 'integer', description: 'closed days the trend was fitted to' })
  days: number;

  @ApiProperty({ type: 'integer' })
  latestDau: number;

  @ApiProperty({ description: 'DAU gained per day by the trend' })
  slopePerDay: number;

  @ApiProperty({ description: "the trend's DAU on the projected day" })
  projectedDau: number;
}

export class TrialForecastDto {
  @DateProperty({ description: "the first day whose DAU the trend puts over the trial's cap of 1,000" })
  projectedCutoffDate: string;

  @ApiProperty({ type: TrialForecastBasisDto })
  basis: TrialForecastBasisDto;
}

export class ApplicationDto {
  @IdProperty()
  id: string;

  @IdProperty()
  accountId: string;

  @ApiProperty({ example: '1500012345', description: 'the ten-digit id the SDK is configured with' })
  accessId: string;

  @ApiProperty({ example: 'Acme for Android' })
  name: string;

  @ApiProperty({ enum: PLATFORMS })
  platform: Platform;

  @ApiProperty({ enum: REGIONS })
  region: Region;

  @ApiProperty({ enum: APP_STATES })
  state: AppState;

  @ApiProperty({ enum: PLANS })
  plan: Plan;

  @InstantProperty()
  stateChangedAt: string;

  @ApiProperty({ enum: SUSPENSION_REASONS, nullable: true, type: String })
  suspensionReason: SuspensionReason | null;

  @DateProperty({ nullable: true, description: 'the billing date a trial app was suspended for going over the trial limit' })
  trialSuspendedOn: string | null;

  @ApiProperty()
  charityApproved: boolean;

  @ApiProperty({ description: 'over its prepaid quota: pushes are slowed' })
  throttled: boolean;

  @ApiProperty({ type: EntitlementOverridesDto })
  entitlementOverrides: EntitlementOverridesDto;

  @InstantProperty()
  createdAt: string;

  @InstantProperty({ nullable: true })
  destroyedAt: string | null;

  @ApiProperty({ type: PrepaidSubscriptionDto, nullable: true, description: 'the running prepaid subscription, if any' })
  subscription: PrepaidSubscriptionDto | null;

  @ApiPropertyOptional({
    type: TrialForecastDto,
    nullable: true,
    description:
      'GET /v1/apps/:id of a trial app: when the recent trend of closed days crosses 1,000 DAU (null when it does not head there)',
  })
  trialForecast?: TrialForecastDto | null;
}

export class CapabilitiesDto {
  @ApiProperty({ description: "the dispatcher may push to the app's devices" })
  push: boolean;

  @ApiProperty({ description: 'devices may register' })
  register: boolean;

  @ApiProperty()
  throttled: boolean;

  @ApiProperty({ enum: APP_STATES })
  state: AppState;

  @ApiProperty({ type: EntitlementsDto })
  entitlements: EntitlementsDto;
}

export class EntitlementSettingsDto {
  @IdProperty()
  appId: string;

  @ApiProperty({ type: EntitlementOverridesDto })
  overrides: EntitlementOverridesDto;

  @ApiProperty({ type: EntitlementsDto, description: "the price book's entitlements with the overrides applied" })
  entitlements: EntitlementsDto;
}
