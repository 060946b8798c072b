import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AccessService } from '../access/access.service.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import type { Principal } from '../identity/identity.types.js';
import { UserRepository } from '../identity/user.repository.js';
import { MessageService } from '../messenger/message.service.js';
import { MessengerException, MessengerExceptionCode } from '../messenger/messenger.exception.js';
import { MAX_MESSAGE_LENGTH, messageLength } from '../messenger/messenger.types.js';
import { RoomService } from '../messenger/room.service.js';
import { RedisService } from '../redis/redis.service.js';
import type { WebhookEntity } from './webhook.entity.js';
import { WebhookException } from './webhook.exception.js';
import { WebhookRepository } from './webhook.repository.js';
import {
  checkTimestamp,
  newWebhookSecret,
  openSecret,
  sealSecret,
  signatureMatches,
  SIGNATURE_WINDOW_SECONDS,
  webhookSecretKey,
} from './webhook-signature.js';

export interface WebhookView {
  id: string;
  roomId: string;
  name: string;
  url: string;
  enabled: boolean;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** What a system posts, with the headers that sign it. */
export interface IncomingPost {
  webhookId: string;
  timestamp: string | undefined;
  signature: string | undefined;
  deliveryId: string | undefined;
  /** The body exactly as it arrived: the signature covers these bytes. */
  rawBody: Buffer | undefined;
  body: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SIGNATURE = /^sha256=[0-9a-f]{64}$/;
const MAX_TITLE = 200;
/** A signature seen is remembered past both ends of the window it can be valid in. */
const SEEN_SECONDS = 2 * SIGNATURE_WINDOW_SECONDS + 60;

const digest = (value: string) => createHash('sha256').update(value).digest('base64url');

/**
 * Incoming webhooks: a room's owners make one and get its URL and secret once; a system posts
 * signed JSON to it and the text appears in the room, sent by the webhook's own bot user. Each
 * post is checked in this order: signed at all, known webhook, signature, time window, enabled,
 * rate, body, replay; then posted once per delivery id (or per signature when none is given).
 */
@Injectable()
export class IncomingWebhookService {
  private readonly logger = new Logger(IncomingWebhookService.name);
  private readonly key: Buffer;
  private readonly limiter: RateLimiterRedis;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly webhooks: WebhookRepository,
    private readonly rooms: RoomService,
    private readonly messages: MessageService,
    private readonly users: UserRepository,
    private readonly redis: RedisService,
    private readonly access: AccessService,
  ) {
    this.key = webhookSecretKey(config.auth.jwtSecret);
    this.limiter = new RateLimiterRedis({
      storeClient: redis.client,
      keyPrefix: redis.key('webhook-in'),
      points: config.webhooks.incomingPerMinute,
      duration: 60,
    });
  }

  async create(principal: Principal, roomId: string, name: string): Promise<{ webhook: WebhookView; secret: string }> {
    const { room } = await this.rooms.manage(principal, roomId);
    if (room.archivedAt) throw MessengerException.roomArchived();
    const id = randomUUID();
    const secret = newWebhookSecret();
    const botUserId = await this.users.ensureBot(`webhook.${id}`, name.trim());
    const webhook = await this.webhooks.insertWebhook({
      id,
      roomId,
      name: name.trim(),
      botUserId,
      createdBy: principal.userId,
      secretSealed: sealSecret(this.key, id, secret),
    });
    return { webhook: this.view(webhook), secret };
  }

  async list(principal: Principal, roomId: string): Promise<WebhookView[]> {
    await this.access.requireAccess(principal, 'room.manage', roomId);
    return (await this.webhooks.webhooksOf(roomId)).map((w) => this.view(w));
  }

  async setEnabled(principal: Principal, roomId: string, webhookId: string, enabled: boolean): Promise<WebhookView> {
    const webhook = await this.managed(principal, roomId, webhookId);
    await this.webhooks.setWebhookDisabled(webhook.id, enabled ? null : (webhook.disabledAt ?? new Date()));
    return this.view((await this.webhooks.findWebhook(webhook.id)) ?? webhook);
  }

  async remove(principal: Principal, roomId: string, webhookId: string): Promise<void> {
    const webhook = await this.managed(principal, roomId, webhookId);
    await this.webhooks.deleteWebhook(webhook.id);
  }

  async receive(post: IncomingPost, now = new Date()): Promise<{ messageId: string; duplicate: boolean }> {
    if (!post.timestamp || !post.signature) throw WebhookException.unsigned();
    const webhook = UUID.test(post.webhookId) ? await this.webhooks.findWebhookWithSecret(post.webhookId) : null;
    if (!webhook?.secretSealed) throw WebhookException.notFound();
    // Only JSON bodies are kept as received; anything else could not be checked against its signature.
    if (post.rawBody === undefined)
      throw WebhookException.invalidPayload({
        en: 'send it with content-type: application/json.',
        ko: 'content-type: application/json으로 보내세요.',
      });
    const time = checkTimestamp(post.timestamp, now);
    if (!time.ok && time.problem === 'malformed') throw WebhookException.unsigned();
    let secret: string;
    try {
      secret = openSecret(this.key, webhook.id, webhook.secretSealed);
    } catch {
      // Sealed under another JWT_SECRET: no signature can match until the webhook is made again.
      this.logger.warn(
        `webhook ${webhook.id}: its secret does not open with this JWT_SECRET; create the webhook again`,
      );
      throw WebhookException.badSignature();
    }
    if (
      !SIGNATURE.test(post.signature) ||
      !signatureMatches(secret, post.timestamp, post.rawBody ?? Buffer.alloc(0), post.signature)
    )
      throw WebhookException.badSignature();
    if (!time.ok) throw WebhookException.stale(SIGNATURE_WINDOW_SECONDS);
    if (webhook.disabledAt) throw WebhookException.disabled();
    await this.throttle(webhook.id);
    const body = composeBody(post.body);

    // The same signed bytes twice are a replay; a sender retrying a delivery signs it again.
    const seen = this.redis.key('webhook-seen', webhook.id, digest(post.signature));
    if ((await this.redis.client.set(seen, '1', 'EX', SEEN_SECONDS, 'NX')) === null) throw WebhookException.replayed();
    const clientMessageId = post.deliveryId ? `wh-d-${digest(post.deliveryId)}` : `wh-s-${digest(post.signature)}`;
    try {
      const duplicate = (await this.messages.idByClientId(webhook.botUserId, clientMessageId)) !== null;
      const message = await this.messages.postAsBot(webhook.botUserId, {
        roomId: webhook.roomId,
        clientMessageId,
        body,
      });
      await this.webhooks.touchWebhook(webhook.id, now);
      return { messageId: message.id, duplicate };
    } catch (error) {
      // Nothing was posted: the sender may send the very same request again.
      await this.redis.client.del(seen);
      if (error instanceof MessengerException && error.code === MessengerExceptionCode.RoomArchived)
        throw WebhookException.roomNotOpen();
      throw error;
    }
  }

  private async throttle(webhookId: string): Promise<void> {
    try {
      await this.limiter.consume(webhookId);
    } catch (error) {
      if (error instanceof RateLimiterRes)
        throw WebhookException.tooManyRequests(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
      throw error;
    }
  }

  /** A webhook of a room the caller manages (the room policy's room.manage: ROOM_NOT_FOUND or NOT_ROOM_OWNER otherwise); one of another room is not found. */
  private async managed(principal: Principal, roomId: string, webhookId: string): Promise<WebhookEntity> {
    await this.access.requireAccess(principal, 'room.manage', roomId);
    const webhook = await this.webhooks.findWebhook(webhookId);
    if (!webhook || webhook.roomId !== roomId) throw WebhookException.notFound();
    return webhook;
  }

  private view(webhook: WebhookEntity): WebhookView {
    return {
      id: webhook.id,
      roomId: webhook.roomId,
      name: webhook.name,
      url: `${this.config.http.publicUrl}/webhooks/in/${webhook.id}`,
      enabled: webhook.disabledAt === null,
      createdBy: webhook.createdBy,
      createdAt: webhook.createdAt.toISOString(),
      lastUsedAt: webhook.lastUsedAt?.toISOString() ?? null,
    };
  }
}

/** `{ "text": "...", "title"?: "..." }` as the message body: the title on its own first line. */
export function composeBody(body: unknown): string {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw WebhookException.invalidPayload({ en: 'not a JSON object.', ko: 'JSON 객체가 아닙니다.' });
  const { text, title } = body as { text?: unknown; title?: unknown };
  if (typeof text !== 'string' || text.trim().length === 0)
    throw WebhookException.invalidPayload({
      en: '"text" must be a non-empty string.',
      ko: '"text"는 비어 있지 않은 문자열이어야 합니다.',
    });
  if (title !== undefined && title !== null && (typeof title !== 'string' || messageLength(title) > MAX_TITLE)) {
    throw WebhookException.invalidPayload({
      en: `"title" must be a string of at most ${MAX_TITLE} characters.`,
      ko: `"title"은 ${MAX_TITLE}자 이하의 문자열이어야 합니다.`,
    });
  }
  const composed =
    typeof title === 'string' && title.trim().length > 0 ? `${title.trim()}\n${text.trim()}` : text.trim();
  if (messageLength(composed) > MAX_MESSAGE_LENGTH)
    throw WebhookException.invalidPayload({
      en: `title and text together exceed ${MAX_MESSAGE_LENGTH} characters.`,
      ko: `제목과 본문을 합쳐 ${MAX_MESSAGE_LENGTH}자를 넘습니다.`,
    });
  return composed;
}
