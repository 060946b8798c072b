import { Injectable, Logger } from '@nestjs/common';

/** A message that was just committed: new, edited, deleted, or its reactions changed. */
export interface MessageChange {
  roomId: string;
  messageId: string;
  change: 'created' | 'edited' | 'deleted' | 'reacted';
}

export interface MessageChangeHook {
  /** Runs after the commit, never in the sender's way: what it must not lose it keeps durable itself (a watermark, a sweep). */
  onMessageChanged(change: MessageChange): Promise<void>;
}

/**
 * Where features that carry a room's messages elsewhere (the Matrix bridge) hear of changes,
 * without the messenger knowing them: they register here when their module starts.
 */
@Injectable()
export class MessageChangeHooks {
  private readonly logger = new Logger(MessageChangeHooks.name);
  private readonly hooks: MessageChangeHook[] = [];

  register(hook: MessageChangeHook): void {
    if (!this.hooks.includes(hook)) this.hooks.push(hook);
  }

  notify(change: MessageChange): void {
    for (const hook of this.hooks) {
      hook
        .onMessageChanged(change)
        .catch((error: unknown) =>
          this.logger.warn(`a hook failed on ${change.change} message ${change.messageId}: ${String(error)}`),
        );
    }
  }
}
