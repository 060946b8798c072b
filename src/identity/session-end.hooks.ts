import { Injectable, Logger } from '@nestjs/common';
import type { IdentityException } from './identity.exception.js';

/** Sessions (refresh-token families, the `sid` of their access tokens) that just ended. */
export interface EndedSessions {
  userId: string;
  sessionIds: string[];
  /** Why, as the person should be told: signed out, or signed out because a refresh token was reused. */
  reason: IdentityException;
}

export interface SessionEndHook {
  /** Runs after the sessions' tokens are refused; it must not undo that by failing. */
  onSessionsEnded(ended: EndedSessions): Promise<void>;
}

/**
 * Where features holding connections opened with a session's access tokens (the messenger's
 * sockets) learn that it ended, without identity knowing them: they register when their module
 * starts.
 */
@Injectable()
export class SessionEndHooks {
  private readonly logger = new Logger(SessionEndHooks.name);
  private readonly hooks: SessionEndHook[] = [];

  register(hook: SessionEndHook): void {
    if (!this.hooks.includes(hook)) this.hooks.push(hook);
  }

  async run(ended: EndedSessions): Promise<void> {
    if (ended.sessionIds.length === 0) return;
    for (const hook of this.hooks) {
      // The tokens are already refused; a hook that fails leaves its connections to the token expiry.
      await hook
        .onSessionsEnded(ended)
        .catch((error: unknown) => this.logger.warn(`session end hook failed: ${String(error)}`));
    }
  }
}
