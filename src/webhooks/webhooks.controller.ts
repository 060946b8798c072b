import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Public } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { IncomingWebhookService, type WebhookView } from './incoming-webhook.service.js';
import {
  WebhookSubscriptionService,
  type DeliveryView,
  type SubscriptionView,
} from './webhook-subscription.service.js';
import {
  CreateWebhookDto,
  DeliveriesQueryDto,
  IncomingWebhookPostDto,
  SubscribeDto,
  UpdateWebhookDto,
} from './webhooks.dto.js';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './webhook-signature.js';
import { ApiErrors, SESSION_ERRORS } from '../common/api-errors.js';
import {
  CreatedWebhookSchema,
  CreatedWebhookSubscriptionSchema,
  IncomingWebhookPostedSchema,
  WebhookDeliveryViewSchema,
  WebhookSubscriptionViewSchema,
  WebhookViewSchema,
} from './webhooks.responses.js';
import { Permission } from '../access/permission.decorator.js';

const uuid = new ParseUUIDPipe({ version: undefined });

/** A room's incoming webhooks, managed by its owners. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('rooms/:roomId/webhooks')
export class RoomWebhooksController {
  constructor(private readonly incoming: IncomingWebhookService) {}

  @Permission('room.manage')
  @Post()
  @ApiOperation({
    summary:
      '들어오는 웹훅 만들기(비밀값은 이번 한 번만 표시, 대화방 관리자) / A new incoming webhook; the answer holds its URL and signing secret, the secret shown this once (room owners)',
  })
  @ApiCreatedResponse({ type: CreatedWebhookSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['NOT_ROOM_OWNER'],
    404: ['ROOM_NOT_FOUND'],
    409: ['ROOM_ARCHIVED'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  create(
    @CurrentPrincipal() principal: Principal,
    @Param('roomId', uuid) roomId: string,
    @Body() body: CreateWebhookDto,
  ): Promise<{ webhook: WebhookView; secret: string }> {
    return this.incoming.create(principal, roomId, body.name);
  }

  @Permission('room.manage')
  @Get()
  @ApiOperation({
    summary:
      "대화방의 들어오는 웹훅 목록(비밀값 제외, 대화방 관리자) / The room's incoming webhooks, never their secrets (room owners)",
  })
  @ApiOkResponse({ type: WebhookViewSchema, isArray: true })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['NOT_ROOM_OWNER'],
    404: ['ROOM_NOT_FOUND'],
  })
  list(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string): Promise<WebhookView[]> {
    return this.incoming.list(principal, roomId);
  }

  @Permission('room.manage')
  @Patch(':webhookId')
  @ApiOperation({
    summary: '들어오는 웹훅 중지·재개(대화방 관리자) / Stops or resumes an incoming webhook (room owners)',
  })
  @ApiOkResponse({ type: WebhookViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['NOT_ROOM_OWNER'],
    404: ['ROOM_NOT_FOUND', 'WEBHOOK_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('roomId', uuid) roomId: string,
    @Param('webhookId', uuid) webhookId: string,
    @Body() body: UpdateWebhookDto,
  ): Promise<WebhookView> {
    return this.incoming.setEnabled(principal, roomId, webhookId, body.enabled);
  }

  @Permission('room.manage')
  @Delete(':webhookId')
  @HttpCode(204)
  @ApiOperation({
    summary:
      '들어오는 웹훅 삭제(게시된 메시지는 남음, 대화방 관리자) / Deletes an incoming webhook; what it posted stays (room owners)',
  })
  @ApiNoContentResponse({ description: '내용 없음 / No content' })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['NOT_ROOM_OWNER'],
    404: ['ROOM_NOT_FOUND', 'WEBHOOK_NOT_FOUND'],
  })
  remove(
    @CurrentPrincipal() principal: Principal,
    @Param('roomId', uuid) roomId: string,
    @Param('webhookId', uuid) webhookId: string,
  ): Promise<void> {
    return this.incoming.remove(principal, roomId, webhookId);
  }
}

/** Where systems post. Authenticated by the signature alone; bodies are limited to 64 kB at the edge. */
@ApiTags('webhooks')
@Public()
@Controller('webhooks/in')
export class IncomingWebhooksController {
  constructor(private readonly incoming: IncomingWebhookService) {}

  @Permission('signed-request')
  @Post(':webhookId')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '웹훅으로 대화방에 게시(HMAC-SHA256 서명) / Posts a message into the webhook\'s room; signed with HMAC-SHA256 over "<timestamp>.<raw body>"',
  })
  @ApiOkResponse({ type: IncomingWebhookPostedSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'WEBHOOK_INVALID_PAYLOAD'],
    401: ['WEBHOOK_BAD_SIGNATURE', 'WEBHOOK_STALE', 'WEBHOOK_UNSIGNED'],
    403: ['WEBHOOK_DISABLED'],
    404: ['WEBHOOK_NOT_FOUND'],
    409: ['WEBHOOK_REPLAYED', 'WEBHOOK_ROOM_NOT_OPEN'],
    413: ['PAYLOAD_TOO_LARGE'],
    429: ['WEBHOOK_TOO_MANY_REQUESTS'],
  })
  @ApiBody({ type: IncomingWebhookPostDto })
  @ApiHeader({ name: 'X-Ieum-Timestamp', description: 'unix seconds; within 5 minutes of now', required: true })
  @ApiHeader({
    name: 'X-Ieum-Signature',
    description: 'sha256=<hex HMAC-SHA256 over "<timestamp>.<raw body>">',
    required: true,
  })
  @ApiHeader({ name: 'X-Ieum-Delivery', description: 'optional: the same delivery id posts once', required: false })
  receive(
    @Param('webhookId') webhookId: string,
    @Headers(TIMESTAMP_HEADER) timestamp: string | undefined,
    @Headers(SIGNATURE_HEADER) signature: string | undefined,
    @Headers(DELIVERY_HEADER) deliveryId: string | undefined,
    @Req() request: Request & { rawBody?: Buffer },
  ): Promise<{ messageId: string; duplicate: boolean }> {
    return this.incoming.receive({
      webhookId,
      timestamp,
      signature,
      deliveryId,
      rawBody: request.rawBody,
      body: request.body as unknown,
    });
  }
}

/** Outgoing subscriptions, for system administrators. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('admin-api/webhooks/subscriptions')
export class WebhookSubscriptionsController {
  constructor(private readonly subscriptions: WebhookSubscriptionService) {}

  @Permission('system-admin')
  @Post()
  @ApiOperation({
    summary:
      '내보내는 웹훅 구독(비밀값은 이번 한 번만 표시, 시스템 관리자) / Subscribes a URL to events; the answer holds the signing secret, shown this once (system administrators)',
  })
  @ApiCreatedResponse({ type: CreatedWebhookSubscriptionSchema })
  @ApiErrors({
    400: [
      'CONTROL_CHARACTERS',
      'INVALID_JSON',
      'JSON_TOO_DEEP',
      'JSON_TOO_WIDE',
      'VALIDATION_FAILED',
      'WEBHOOK_ROOM_REQUIRED',
      'WEBHOOK_URL_INVALID',
    ],
    401: SESSION_ERRORS,
    403: ['WEBHOOK_SYSTEM_ADMINS_ONLY'],
    404: ['ROOM_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
    422: ['WEBHOOK_URL_FORBIDDEN', 'WEBHOOK_URL_UNRESOLVABLE'],
  })
  subscribe(
    @CurrentPrincipal() principal: Principal,
    @Body() body: SubscribeDto,
  ): Promise<{ subscription: SubscriptionView; secret: string }> {
    return this.subscriptions.subscribe(principal, body);
  }

  @Permission('system-admin')
  @Get()
  @ApiOperation({
    summary:
      '내보내는 웹훅 구독 목록(비밀값 제외, 시스템 관리자) / Every outgoing subscription, never their secrets (system administrators)',
  })
  @ApiOkResponse({ type: WebhookSubscriptionViewSchema, isArray: true })
  @ApiErrors({ 401: SESSION_ERRORS, 403: ['WEBHOOK_SYSTEM_ADMINS_ONLY'] })
  list(@CurrentPrincipal() principal: Principal): Promise<SubscriptionView[]> {
    return this.subscriptions.list(principal);
  }

  @Permission('system-admin')
  @Delete(':subscriptionId')
  @HttpCode(204)
  @ApiOperation({
    summary:
      '구독 끝내기(전송 기록도 삭제, 시스템 관리자) / Ends a subscription and forgets its deliveries (system administrators)',
  })
  @ApiNoContentResponse({ description: '내용 없음 / No content' })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['WEBHOOK_SYSTEM_ADMINS_ONLY'],
    404: ['WEBHOOK_SUBSCRIPTION_NOT_FOUND'],
  })
  remove(@CurrentPrincipal() principal: Principal, @Param('subscriptionId', uuid) id: string): Promise<void> {
    return this.subscriptions.remove(principal, id);
  }

  @Permission('system-admin')
  @Get(':subscriptionId/deliveries')
  @ApiOperation({
    summary:
      '구독의 최근 전송 기록(최신순, 시스템 관리자) / The latest deliveries, newest first, each with its status, attempts and last answer (system administrators)',
  })
  @ApiOkResponse({ type: WebhookDeliveryViewSchema, isArray: true })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['WEBHOOK_SYSTEM_ADMINS_ONLY'],
    404: ['WEBHOOK_SUBSCRIPTION_NOT_FOUND'],
  })
  deliveries(
    @CurrentPrincipal() principal: Principal,
    @Param('subscriptionId', uuid) id: string,
    @Query() query: DeliveriesQueryDto,
  ): Promise<DeliveryView[]> {
    return this.subscriptions.deliveries(principal, id, query.limit);
  }
}
