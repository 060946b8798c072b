import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { JobName } from '../bus/bus.constants.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import type { Tx } from '../database/unit-of-work.js';
import type { FailedMail } from './mail-failure.hooks.js';
import { MailRepository } from './mail.repository.js';

export interface MailToSend {
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** An invitation, update or cancellation: sent as a text/calendar part and an .ics file. */
  calendar?: { method: 'REQUEST' | 'CANCEL'; ics: string };
  /** Instead of MAIL_FROM (a room's address, for replies from the room). */
  from?: string;
  /** Where replies go instead of the sender. */
  replyTo?: string;
  inReplyTo?: string;
  references?: string[];
  /** Stored files sent as attachments. */
  fileIds?: string[];
  /** Extra header fields; names are letters, digits and dashes, values one line. */
  headers?: Record<string, string>;
  /**
   * A person's own words relayed (a reply from a room): sent without the automatic-mail fields
   * every other mail carries, since an answer to it is one a person should get.
   */
  personal?: boolean;
}

/**
 * RFC 3834 §5: mail the platform writes by itself (digests, invitations, reminders, booking mails)
 * says so, so auto-responders stay quiet and no reply loop starts; Exchange reads the second field.
 */
export const AUTOMATIC_MAIL_HEADERS: Readonly<Record<string, string>> = {
  'Auto-Submitted': 'auto-generated',
  'X-Auto-Response-Suppress': 'All',
};

/** Fields the driver writes from the mail itself; a caller may not set them as extra headers. */
const RESERVED_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'subject',
  'date',
  'message-id',
  'reply-to',
  'in-reply-to',
  'references',
  'sender',
  'return-path',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
]);

/** Stores a rendered mail and its send event in the caller's transaction; a job hands it to the driver. */
@Injectable()
export class MailService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly mails: MailRepository,
    private readonly events: EventPublisher,
  ) {}

  /** Returns the stored mail's id and the Message-ID it will carry. */
  async enqueue(tx: Tx, mail: MailToSend): Promise<{ id: string; messageId: string }> {
    const id = randomUUID();
    const stored = await this.mails.insert(tx, {
      id,
      kind: mail.kind,
      toAddress: mail.to,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html ?? null,
      calendarMethod: mail.calendar?.method ?? null,
      calendarIcs: mail.calendar?.ics ?? null,
      messageId: `<${id}@${this.config.mail.domain}>`,
      fromAddress: mail.from ?? null,
      replyTo: mail.replyTo ?? null,
      inReplyTo: mail.inReplyTo ?? null,
      referencesHeader: mail.references && mail.references.length > 0 ? mail.references.join(' ') : null,
      fileIds: mail.fileIds ?? [],
      headers: checkedHeaders({ ...(mail.personal ? {} : AUTOMATIC_MAIL_HEADERS), ...mail.headers }),
    });
    await this.events.publish(tx, { name: JobName.MailSend, data: { mailId: stored.id } });
    return { id: stored.id, messageId: stored.messageId };
  }

  /** The mail that carried this Message-ID, if this platform wrote it; null for any other. */
  async findByMessageId(messageId: string): Promise<FailedMail | null> {
    const match = OWN_MESSAGE_ID.exec(messageId.trim());
    if (!match?.[1] || match[2]?.toLowerCase() !== this.config.mail.domain.toLowerCase()) return null;
    const mail = await this.mails.findById(match[1].toLowerCase());
    if (!mail || mail.messageId !== messageId.trim()) return null;
    return {
      id: mail.id,
      kind: mail.kind,
      messageId: mail.messageId,
      to: mail.toAddress,
      text: mail.textBody,
      reason: mail.lastError ?? '',
    };
  }

  /** A mail the next server took that came back in a delivery report: failed, with the report's reason. */
  async recordBounce(mailId: string, reason: string): Promise<void> {
    await this.mails.markBounced(mailId, reason);
  }
}

/** The id part of a Message-ID this platform gave (`<uuid@MAIL_DOMAIN>`). */
const OWN_MESSAGE_ID = /^<([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@([^<>@\s]+)>$/i;

function checkedHeaders(headers: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,75}$/.test(name) || RESERVED_HEADERS.has(name.toLowerCase()))
      throw new Error(`mail header "${name}" may not be set`);
    if (/[\r\n]/.test(value) || value.length > 900) throw new Error(`mail header "${name}" must be one short line`);
  }
  return { ...headers };
}
