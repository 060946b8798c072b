import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/unit-of-work.js';

/** A person's reply in a thread, as it is being written. */
export interface ThreadReply {
  messageId: string;
  roomId: string;
  threadRootId: string;
  senderId: string;
  body: string;
  fileIds: string[];
}

export interface ThreadReplyHook {
  /** Runs inside the reply's transaction: what it writes commits with the reply, or not at all. */
  onThreadReply(tx: Tx, reply: ThreadReply): Promise<void>;
}

/**
 * Where features that own threads of their own (the e-mail bridge) learn of replies in them,
 * without the messenger knowing them: they register here when their module starts.
 */
@Injectable()
export class ThreadReplyHooks {
  private readonly hooks: ThreadReplyHook[] = [];

  register(hook: ThreadReplyHook): void {
    if (!this.hooks.includes(hook)) this.hooks.push(hook);
  }

  async run(tx: Tx, reply: ThreadReply): Promise<void> {
    for (const hook of this.hooks) await hook.onThreadReply(tx, reply);
  }
}
