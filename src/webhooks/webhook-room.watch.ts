import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobName } from '../bus/bus.constants.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import type { Tx } from '../database/unit-of-work.js';
import {
  MessageCreatedHooks,
  type CreatedMessage,
  type MessageCreatedHook,
} from '../messenger/message-created.hooks.js';
import { WebhookRepository } from './webhook.repository.js';

/** How long this node trusts its list of watched rooms: another node's new subscription is seen within it. */
const REFRESH_MS = 5000;

/**
 * Tells the messenger which rooms outgoing subscriptions watch, and writes a fan-out event with
 * each new message there, in the message's own transaction. The list is read from PostgreSQL at
 * most every REFRESH_MS, so an unwatched room's sends stay on the messenger's fast path.
 */
@Injectable()
export class WebhookRoomWatch implements MessageCreatedHook, OnModuleInit {
  private rooms: ReadonlySet<string> = new Set();
  private loadedAt = -Infinity;
  private loading: Promise<void> | undefined;
  private generation = 0;

  constructor(
    private readonly hooks: MessageCreatedHooks,
    private readonly webhooks: WebhookRepository,
    private readonly events: EventPublisher,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  /** A subscription changed on this node: read the list again before the next message. */
  forget(): void {
    this.generation++;
    this.loadedAt = -Infinity;
  }

  async watches(roomId: string): Promise<boolean> {
    if (performance.now() - this.loadedAt > REFRESH_MS) await this.reload();
    return this.rooms.has(roomId);
  }

  async onMessageCreated(tx: Tx, message: CreatedMessage): Promise<void> {
    await this.events.publish(tx, {
      name: JobName.WebhookFanout,
      data: { event: 'message.created', messageId: message.messageId, roomId: message.roomId },
    });
  }

  private reload(): Promise<void> {
    this.loading ??= (async () => {
      const startedAt = performance.now();
      const generation = this.generation;
      try {
        this.rooms = new Set(await this.webhooks.watchedRooms());
        // A list read while a subscription changed may miss it: it serves, but is read again next time.
        if (generation === this.generation) this.loadedAt = startedAt;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }
}
