import type { Readable } from 'node:stream';

export const MAIL_DRIVER = Symbol('MAIL_DRIVER');

export interface OutgoingMail {
  id: string;
  /** `<...@domain>`, fixed when the mail was stored. */
  messageId: string;
  /** What the mail is (meeting-invitation, digest, …), as its writer stored it. */
  kind?: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  calendar: { method: 'REQUEST' | 'CANCEL'; ics: string } | null;
  /** Overrides the driver's configured sender. */
  from?: string | null;
  /** Where replies go (a thread's reply address in a notification). */
  replyTo?: string | null;
  inReplyTo?: string | null;
  references?: string | null;
  /** Extra header fields (already checked: no line breaks, no field the driver sets itself). */
  headers?: Record<string, string>;
  attachments?: Array<{ filename: string; contentType: string; content: Readable }>;
}

/** A refusal that retrying will not change (an SMTP 5xx): the mail is marked failed, not retried. */
export class PermanentMailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentMailError';
  }
}

/** One interface for every way mail leaves: a logging driver for development, SMTP for real. */
export interface MailDriver {
  send(mail: OutgoingMail): Promise<{ providerMessageId: string }>;
  checkConnection(): Promise<{ ok: boolean; detail: string }>;
  close?(): Promise<void>;
}
