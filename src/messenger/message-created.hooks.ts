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

  async run(tx: Tx, message: CreatedMessage): Promise<void> {
    for (const hook of this.hooks) if (await hook.watches(message.roomId)) await hook.onMessageCreated(tx, message);
  }
}
