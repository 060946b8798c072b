// Response shapes for the API document: classes for documentation only, mirroring the views the services return.
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { OUTGOING_EVENTS } from '../bus/bus.constants.js';

@ApiSchema({ name: 'WebhookView', description: '들어오는 웹훅(비밀값 제외) / An incoming webhook, never its secret' })
export class WebhookViewSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  roomId: unknown;

  @ApiProperty({ type: String, description: 'shown as the sender of what it posts' })
  name: unknown;

  @ApiProperty({ type: String, description: 'where a system posts: <public URL>/webhooks/in/<id>' })
  url: unknown;

  @ApiProperty({ type: Boolean })
  enabled: unknown;

  @ApiProperty({ type: String })
  createdBy: unknown;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: unknown;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastUsedAt: unknown;
}

@ApiSchema({
  name: 'CreatedWebhook',
  description: '새 웹훅과 서명 비밀값(이번 한 번만 표시) / A new webhook and its signing secret, shown this once',
})
export class CreatedWebhookSchema {
  @ApiProperty({ type: () => WebhookViewSchema })
  webhook: unknown;

  @ApiProperty({ type: String, description: 'the HMAC-SHA256 key; never shown again' })
  secret: unknown;
}

@ApiSchema({ name: 'IncomingWebhookPosted' })
export class IncomingWebhookPostedSchema {
  @ApiProperty({ type: String })
  messageId: unknown;

  @ApiProperty({ type: Boolean, description: 'true when this delivery id had already posted: the message posted then' })
  duplicate: unknown;
}

@ApiSchema({
  name: 'WebhookSubscriptionView',
  description: '내보내는 웹훅 구독(비밀값 제외) / An outgoing subscription, never its secret',
})
export class WebhookSubscriptionViewSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  name: unknown;

  @ApiProperty({ type: String })
  url: unknown;

  @ApiProperty({ enum: OUTGOING_EVENTS, type: String, isArray: true })
  events: unknown;

  @ApiProperty({ type: String, nullable: true, description: 'only events in this room; null for all' })
  roomId: unknown;

  @ApiProperty({ type: String })
  createdBy: unknown;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: unknown;
}

@ApiSchema({
  name: 'CreatedWebhookSubscription',
  description: '새 구독과 서명 비밀값(이번 한 번만 표시) / A new subscription and its signing secret, shown this once',
})
export class CreatedWebhookSubscriptionSchema {
  @ApiProperty({ type: () => WebhookSubscriptionViewSchema })
  subscription: unknown;

  @ApiProperty({ type: String, description: 'the HMAC-SHA256 key; never shown again' })
  secret: unknown;
}

@ApiSchema({ name: 'WebhookDeliveryView' })
export class WebhookDeliveryViewSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ enum: OUTGOING_EVENTS, type: String })
  event: unknown;

  @ApiProperty({ enum: ['pending', 'delivered', 'failed', 'refused'], type: String })
  status: unknown;

  @ApiProperty({ type: Number })
  attempts: unknown;

  @ApiProperty({ type: Number, nullable: true, description: "the HTTP status of the last attempt's answer" })
  lastStatusCode: unknown;

  @ApiProperty({ type: String, nullable: true })
  lastError: unknown;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastAttemptAt: unknown;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliveredAt: unknown;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: unknown;
}
