import { Injectable } from '@nestjs/common';

/** A stored mail that will not be delivered: refused for good, out of attempts, or bounced. */
export interface FailedMail {
  id: string;
  kind: string;
  messageId: string;
  to: string;
  text: string;
  /** The server's own words (an SMTP response line, a DSN's diagnostic), one trimmed line. */
  reason: string;
}

export interface MailFailureHook {
  /** Runs from the mail-failed job, written with the mark: at least once, so it must be idempotent. */
  onMailFailed(mail: FailedMail): Promise<void>;
}

/**
 * Where features that write mail on someone's behalf (the e-mail bridge's replies) learn that it
 * failed, without the mail module knowing them: they register here when their module starts.
 */
@Injectable()
export class MailFailureHooks {
  private readonly hooks: MailFailureHook[] = [];

  register(hook: MailFailureHook): void {
    if (!this.hooks.includes(hook)) this.hooks.push(hook);
  }

  async run(mail: FailedMail): Promise<void> {
    for (const hook of this.hooks) await hook.onMailFailed(mail);
  }
}
