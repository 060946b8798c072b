import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/unit-of-work.js';

/** A message as it is being written. */
export interface CreatedMessage {
  messageId: string;
  roomId: string;
  senderId: string;
}

export interface MessageCreatedHook {
  /** Whether the hook wants the room's messages; a room nobody watches keeps the fast send path. */
  watches(roomId: string): Promise<boolean>;
  /** Runs inside the message's transaction: what it writes commits with the message, or not at all. */
  onMessageCreated(tx: Tx, message: CreatedMessage): Promise<void>;
}

/**
 * Where features that react to new messages in particular rooms (outgoing webhooks) learn of them,
 * without the messenger knowing them: they register here when their module starts.
 */
@Injectable()
export class MessageCreatedHooks {
  private readonly hooks: MessageCreatedHook[] = [];

  register(hook: MessageCreatedHook): void {
    if (!this.hooks.includes(hook)) this.hooks.push(hook);
  }

  async watched(roomId: string): Promise<boolean> {
    for (const hook of this.hooks) if (await hook.watches(roomId)) return true;
    return false;
  }

  /**
   * The hooks that watch the room, asked before the message's transaction opens: asking may read
   * PostgreSQL, and a transaction that waits for a second pool connection can wait for ever when
   * every connection is held by a transaction doing the same.
   */
  async watching(roomId: string): Promise<MessageCreatedHook[]> {
    const watching: MessageCreatedHook[] = [];
    for (const hook of this.hooks) if (await hook.watches(roomId)) watching.push(hook);
    return watching;
  }

  /** Inside the message's transaction: the hooks `watching` returned. */
  async run(tx: Tx, message: CreatedMessage, watching: readonly MessageCreatedHook[]): Promise<void> {
    for (const hook of watching) await hook.onMessageCreated(tx, message);
  }
}
