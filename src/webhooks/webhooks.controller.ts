import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Public } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { IncomingWebhookService, type WebhookView } from './incoming-webhook.service.js';
import { WebhookSubscriptionService, type DeliveryView, type SubscriptionView } from './webhook-subscription.service.js';
import { CreateWebhookDto, DeliveriesQueryDto, IncomingWebhookPostDto, SubscribeDto, UpdateWebhookDto } from './webhooks.dto.js';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './webhook-signature.js';

const uuid = new ParseUUIDPipe({ version: undefined });

/** A room's incoming webhooks, managed by its owners. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('rooms/:roomId/webhooks')
export class RoomWebhooksController {
  constructor(private readonly incoming: IncomingWebhookService) {}

  @Post()
  @ApiOperation({ summary: 'A new incoming webhook; the answer holds its URL and signing secret, the secret shown this once' })
  create(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string, @Body() body: CreateWebhookDto): Promise<{ webhook: WebhookView; secret: string }> {
    return this.incoming.create(principal, roomId, body.name);
  }

  @Get()
  @ApiOperation({ summary: "The room's incoming webhooks (never their secrets)" })
  list(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string): Promise<WebhookView[]> {
    return this.incoming.list(principal, roomId);
  }

  @Patch(':webhookId')
  @ApiOperation({ summary: 'Stops or resumes an incoming webhook' })
  update(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string, @Param('webhookId', uuid) webhookId: string, @Body() body: UpdateWebhookDto): Promise<WebhookView> {
    return this.incoming.setEnabled(principal, roomId, webhookId, body.enabled);
  }

  @Delete(':webhookId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes an incoming webhook; what it posted stays' })
  remove(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string, @Param('webhookId', uuid) webhookId: string): Promise<void> {
    return this.incoming.remove(principal, roomId, webhookId);
  }
}

/** Where systems post. Authenticated by the signature alone; bodies are limited to 64 kB at the edge. */
@ApiTags('webhooks')
@Public()
@Controller('webhooks/in')
export class IncomingWebhooksController {
  constructor(private readonly incoming: IncomingWebhookService) {}

  @Post(':webhookId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Posts a message into the webhook\'s room; signed with HMAC-SHA256 over "<timestamp>.<raw body>"' })
  @ApiBody({ type: IncomingWebhookPostDto })
  @ApiHeader({ name: 'X-Ieum-Timestamp', description: 'unix seconds; within 5 minutes of now', required: true })
  @ApiHeader({ name: 'X-Ieum-Signature', description: 'sha256=<hex HMAC-SHA256 over "<timestamp>.<raw body>">', required: true })
  @ApiHeader({ name: 'X-Ieum-Delivery', description: 'optional: the same delivery id posts once', required: false })
  receive(
    @Param('webhookId') webhookId: string,
    @Headers(TIMESTAMP_HEADER) timestamp: string | undefined,
    @Headers(SIGNATURE_HEADER) signature: string | undefined,
    @Headers(DELIVERY_HEADER) deliveryId: string | undefined,
    @Req() request: Request & { rawBody?: Buffer },
  ): Promise<{ messageId: string; duplicate: boolean }> {
    return this.incoming.receive({ webhookId, timestamp, signature, deliveryId, rawBody: request.rawBody, body: request.body as unknown });
  }
}

/** Outgoing subscriptions, for system administrators. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('admin-api/webhooks/subscriptions')
export class WebhookSubscriptionsController {
  constructor(private readonly subscriptions: WebhookSubscriptionService) {}

  @Post()
  @ApiOperation({ summary: 'Subscribes a URL to events; the answer holds the signing secret, shown this once' })
  subscribe(@CurrentPrincipal() principal: Principal, @Body() body: SubscribeDto): Promise<{ subscription: SubscriptionView; secret: string }> {
    return this.subscriptions.subscribe(principal, body);
  }

  @Get()
  @ApiOperation({ summary: 'Every outgoing subscription (never their secrets)' })
  list(@CurrentPrincipal() principal: Principal): Promise<SubscriptionView[]> {
    return this.subscriptions.list(principal);
  }

  @Delete(':subscriptionId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Ends a subscription and forgets its deliveries' })
  remove(@CurrentPrincipal() principal: Principal, @Param('subscriptionId', uuid) id: string): Promise<void> {
    return this.subscriptions.remove(principal, id);
  }

  @Get(':subscriptionId/deliveries')
  @ApiOperation({ summary: 'The latest deliveries, newest first, each with its status, attempts and last answer' })
  deliveries(@CurrentPrincipal() principal: Principal, @Param('subscriptionId', uuid) id: string, @Query() query: DeliveriesQueryDto): Promise<DeliveryView[]> {
    return this.subscriptions.deliveries(principal, id, query.limit);
  }
}
