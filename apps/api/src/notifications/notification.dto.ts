import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CHANNELS, Channel, RECIPIENT_ROLES, RecipientRole } from '../../../core/src/notifications/delivery.types';
import { NOTIFICATION_TYPES, NotificationType } from '../../../core/src/notifications/notification.types';
import { WEBHOOK_EVENT_TYPES, WebhookEventType } from '../../../core/src/webhooks/webhook.types';

export class RecipientDto {
  @ApiProperty({
    enum: RECIPIENT_ROLES,
    example: 'finance',
    description: 'creator (at most one per account), resource or finance collaborator',
  })
  @IsIn(RECIPIENT_ROLES)
  role: RecipientRole;

  @ApiProperty({ example: 'Li Lei', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @ApiPropertyOptional({ example: 'lilei@acme.example', description: 'at least one of email, phone, wechatId' })
  @IsOptional()
  @IsEmail()
  @Matches(/^[^@\s]+@[^@\s]+$/, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '+8613800000000', description: 'for SMS and voice' })
  @IsOptional()
  @Matches(/^\+?[0-9]{5,20}$/, { message: 'phone must be digits with an optional leading +' })
  phone?: string;

  @ApiPropertyOptional({ example: 'wxid_lilei' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  wechatId?: string;
}

export class SubscriptionDto {
  @ApiProperty({ enum: RECIPIENT_ROLES, example: 'finance' })
  @IsIn(RECIPIENT_ROLES)
  role: RecipientRole;

  @ApiProperty({ enum: NOTIFICATION_TYPES, example: 'expiry_reminder' })
  @IsIn(NOTIFICATION_TYPES)
  type: NotificationType;

  @ApiProperty({
    enum: CHANNELS,
    isArray: true,
    example: ['email', 'sms'],
    description: 'empty: none besides in-site, which every notice always is',
  })
  @IsArray()
  @IsIn(CHANNELS, { each: true })
  channels: Channel[];
}

export class SubscriptionsDto {
  @ApiProperty({ type: [SubscriptionDto], description: "the account's whole choice: (role, type) pairs not listed use the default" })
  @IsArray()
  @ArrayMaxSize(RECIPIENT_ROLES.length * NOTIFICATION_TYPES.length)
  @ValidateNested({ each: true })
  @Type(() => SubscriptionDto)
  subscriptions: SubscriptionDto[];
}

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

export class CreateWebhookEndpointDto {
  @ApiProperty({ example: 'https://push.example/hooks/billing' })
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['app.suspended', 'app.restored'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes: WebhookEventType[];

  @ApiPropertyOptional({
    example: 'whsec-2f6c1b9e8d7a4c3b',
    description: 'HMAC-SHA256 key, 16 to 200 characters; generated (and shown once) when absent',
  })
  @IsOptional()
  @IsString()
  @Length(16, 200)
  secret?: string;

  @ApiPropertyOptional({ example: 'billing events for the ops dashboard', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;

  @ApiPropertyOptional({ default: true, example: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional({ example: 'https://push.example/hooks/billing-v2' })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['bill.created', 'order.paid'] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes?: WebhookEventType[];

  @ApiPropertyOptional({ example: 'whsec-9a8b7c6d5e4f3a2b', description: 'a new HMAC key (rotation)' })
  @IsOptional()
  @IsString()
  @Length(16, 200)
  secret?: string;

  @ApiPropertyOptional({ example: 'billing events for the ops dashboard', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
