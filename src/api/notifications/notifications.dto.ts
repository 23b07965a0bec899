import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import {
  ALL_EVENT_TYPES,
  DELIVERY_STATUSES,
  NOTIFICATION_CHANNELS,
  NOTIFIED_EVENT_TYPES,
  ROLES,
  TEXT_RULES,
  type DeliveryStatus,
  type NotificationChannel,
  type Role,
} from '../../application/agreements/vocabulary';
import { IsDecimalInteger } from '../validation/decimal-integer';
import { IsText, MayBeLeftOut } from '../validation/validators';

/** A new webhook (`POST /agencies/:agencyId/webhooks`). */
export class WebhookDto {
  @ApiProperty({
    example: 'https://arsip.kemendesa.go.id/sepakat/webhook',
    maxLength: 2048,
    description: 'https only; not a private, loopback or reserved address (nor a name that resolves to one)',
  })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @ApiProperty({
    example: ['DeadlineApproaching', 'AgreementExpired'],
    description: `Event types to deliver (${NOTIFIED_EVENT_TYPES.join(', ')}), or ["${ALL_EVENT_TYPES}"] for all`,
    type: [String],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(NOTIFIED_EVENT_TYPES.length)
  @IsString({ each: true })
  eventTypes!: string[];

  @ApiPropertyOptional({ example: 'Sistem arsip Biro Hukum', maxLength: TEXT_RULES.webhookDescription.maxLength })
  @MayBeLeftOut()
  @IsText(TEXT_RULES.webhookDescription)
  description?: string;
}

export class WebhookViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'kemendes-pdtt' }) agencyId!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: [String] }) eventTypes!: string[];
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ description: 'Who added it (their token’s subject)' }) createdBy!: string;
  @ApiProperty({ format: 'date-time', description: 'Events that occur from then on are delivered to it' }) createdAt!: string;
}

export class CreatedWebhookDto extends WebhookViewDto {
  @ApiProperty({
    example: 'whsec_3q2-…',
    description: 'The HMAC-SHA256 key of the deliveries’ `Sepakat-Signature`: shown only in this answer, keep it in the receiver',
  })
  secret!: string;
}

/** A new email recipient (`POST /agencies/:agencyId/email-recipients`). */
export class EmailRecipientDto {
  @ApiProperty({ example: 'koordinator.kerjasama@kemendesa.go.id', maxLength: 254 })
  @IsString()
  @MaxLength(254)
  address!: string;

  @ApiProperty({ example: 'Siti Rahmawati', maxLength: TEXT_RULES.actorName.maxLength })
  @IsText(TEXT_RULES.actorName)
  name!: string;

  @ApiProperty({
    enum: ROLES,
    isArray: true,
    example: ['COORDINATOR'],
    description: 'The roles the official holds at the agency: they are written to when a step awaits one of them',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles!: Role[];
}

export class EmailRecipientViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() agencyId!: string;
  @ApiProperty() address!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class DeliveryViewDto {
  @ApiProperty({ format: 'uuid', description: 'Also sent as `Sepakat-Delivery`: receivers deduplicate by it' }) id!: string;
  @ApiProperty({ enum: NOTIFICATION_CHANNELS }) channel!: NotificationChannel;
  @ApiProperty({ format: 'uuid', description: 'The webhook or email recipient' }) targetId!: string;
  @ApiProperty() agencyId!: string;
  @ApiProperty({ format: 'uuid' }) agreementId!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, description: 'dead: given up after the last attempt (POST …/redeliver sends it again)' })
  status!: DeliveryStatus;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional({ format: 'date-time' }) nextAttemptAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) lastAttemptAt?: string;
  @ApiPropertyOptional({ description: 'The receiver’s HTTP status (250: the mail server accepted the email)' }) lastStatus?: number;
  @ApiPropertyOptional({ description: 'What went wrong on the last attempt' }) lastError?: string;
  @ApiPropertyOptional({ format: 'date-time' }) deliveredAt?: string;
  @ApiProperty({ format: 'date-time', description: 'When the event occurred' }) createdAt!: string;
}

export class DeliveriesQueryDto {
  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @IsDecimalInteger(1, 500)
  limit: number = 50;

  @ApiPropertyOptional({ description: 'From the `Link: <…>; rel="next"` header of the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,400}$/, { message: 'after must be the next value of a previous page' })
  after?: string;

  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ enum: NOTIFICATION_CHANNELS })
  @IsOptional()
  @IsIn(NOTIFICATION_CHANNELS)
  channel?: NotificationChannel;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only those to this webhook or recipient' })
  @IsOptional()
  @IsUUID()
  targetId?: string;
}
