import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { OUTGOING_EVENTS, type OutgoingEventName } from '../bus/bus.constants.js';
import { WEBHOOK_SENDER, type WebhookSender } from '../bus/capabilities/webhook.sender.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { UserRole, type Principal } from '../identity/identity.types.js';
import { MessengerException } from '../messenger/messenger.exception.js';
import { RoomRepository } from '../messenger/room.repository.js';
import type { WebhookDeliveryEntity } from './webhook-delivery.entity.js';
import type { WebhookSubscriptionEntity } from './webhook-subscription.entity.js';
import { WebhookException } from './webhook.exception.js';
import { WebhookRepository } from './webhook.repository.js';
import { newWebhookSecret, sealSecret, webhookSecretKey } from './webhook-signature.js';
import { WebhookRoomWatch } from './webhook-room.watch.js';

export interface SubscriptionView {
  id: string;
  name: string;
  url: string;
  events: OutgoingEventName[];
  roomId: string | null;
  createdBy: string;
  createdAt: string;
}

export interface DeliveryView {
  id: string;
  event: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export interface SubscribeInput {
  name: string;
  url: string;
  events: OutgoingEventName[];
  roomId?: string | null;
}

/**
 * Outgoing subscriptions, managed by system administrators. The URL is checked against the SSRF
 * guard when subscribing (and again by the connector on every delivery, since DNS answers change).
 */
@Injectable()
export class WebhookSubscriptionService {
  private readonly key: Buffer;

  constructor(
    @Inject(APP_CONFIG) config: ResolvedAppConfig,
    private readonly webhooks: WebhookRepository,
    private readonly rooms: RoomRepository,
    private readonly watch: WebhookRoomWatch,
    @Inject(WEBHOOK_SENDER) private readonly sender: WebhookSender,
  ) {
    this.key = webhookSecretKey(config.auth.jwtSecret);
  }

  async subscribe(
    principal: Principal,
    input: SubscribeInput,
  ): Promise<{ subscription: SubscriptionView; secret: string }> {
    assertSystemAdmin(principal);
    const events = OUTGOING_EVENTS.filter((e) => input.events.includes(e));
    const roomId = input.roomId ?? null;
    if (events.includes('message.created') && roomId === null) throw WebhookException.roomRequired();
    if (roomId !== null && !(await this.rooms.findById(roomId))) throw MessengerException.roomNotFound();
    const check = await this.sender.checkTarget(input.url);
    if (!check.ok) {
      switch (check.problem) {
        case 'invalid_url':
          throw WebhookException.urlInvalid();
        case 'unresolvable':
          throw WebhookException.urlUnresolvable();
        case 'forbidden_address':
          throw WebhookException.urlForbidden(check.address);
      }
    }
    const id = randomUUID();
    const secret = newWebhookSecret();
    const stored = await this.webhooks.insertSubscription({
      id,
      name: input.name.trim(),
      url: input.url,
      events,
      roomId,
      createdBy: principal.userId,
      secretSealed: sealSecret(this.key, id, secret),
    });
    this.watch.forget();
    return { subscription: subscriptionView(stored), secret };
  }

  async list(principal: Principal): Promise<SubscriptionView[]> {
    assertSystemAdmin(principal);
    return (await this.webhooks.listSubscriptions()).map(subscriptionView);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    assertSystemAdmin(principal);
    if (!(await this.webhooks.deleteSubscription(id))) throw WebhookException.subscriptionNotFound();
    this.watch.forget();
  }

  /** The latest deliveries, newest first, with how their last attempt went. */
  async deliveries(principal: Principal, id: string, limit = 50): Promise<DeliveryView[]> {
    assertSystemAdmin(principal);
    if (!(await this.webhooks.findSubscription(id))) throw WebhookException.subscriptionNotFound();
    return (await this.webhooks.deliveriesOf(id, limit)).map(deliveryView);
  }
}

function assertSystemAdmin(principal: Principal): void {
  if (!principal.roles.includes(UserRole.SystemAdmin)) throw WebhookException.systemAdminsOnly();
}

function subscriptionView(s: WebhookSubscriptionEntity): SubscriptionView {
  return {
    id: s.id,
    name: s.name,
    url: s.url,
    events: s.events as OutgoingEventName[],
    roomId: s.roomId,
    createdBy: s.createdBy,
    createdAt: s.createdAt.toISOString(),
  };
}

function deliveryView(d: WebhookDeliveryEntity): DeliveryView {
  return {
    id: d.id,
    event: d.event,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  };
}
