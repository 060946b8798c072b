import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity/identity.module.js';
import { MessengerModule } from '../messenger/messenger.module.js';
import { IncomingWebhookService } from './incoming-webhook.service.js';
import { WebhookDeliverJob } from './webhook-deliver.job.js';
import { WebhookFanoutJob } from './webhook-fanout.job.js';
import { WebhookRoomWatch } from './webhook-room.watch.js';
import { WebhookSubscriptionService } from './webhook-subscription.service.js';
import { WebhookDeliveryEntity } from './webhook-delivery.entity.js';
import { WebhookEntity } from './webhook.entity.js';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity.js';
import { WebhookRepository } from './webhook.repository.js';
import {
  IncomingWebhooksController,
  RoomWebhooksController,
  WebhookSubscriptionsController,
} from './webhooks.controller.js';

/** Incoming webhooks into rooms and outgoing subscriptions to events, with their jobs. */
@Module({
  imports: [
    IdentityModule,
    MessengerModule,
    TypeOrmModule.forFeature([WebhookEntity, WebhookSubscriptionEntity, WebhookDeliveryEntity]),
  ],
  providers: [
    WebhookRepository,
    IncomingWebhookService,
    WebhookSubscriptionService,
    WebhookRoomWatch,
    WebhookFanoutJob,
    WebhookDeliverJob,
  ],
  exports: [IncomingWebhookService, WebhookSubscriptionService],
})
export class WebhooksModule {}

/** The HTTP edges, loaded with the api role. */
@Module({
  imports: [WebhooksModule],
  controllers: [RoomWebhooksController, IncomingWebhooksController, WebhookSubscriptionsController],
})
export class WebhooksEdgeModule {}
