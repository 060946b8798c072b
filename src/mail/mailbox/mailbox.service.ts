import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type ResolvedAppConfig } from '../../config/app-config.js';
import { UserRole, type Principal } from '../../identity/identity.types.js';
import type { OutboundMailStatus } from '../outbound-mail.entity.js';
import { MailboxException } from './mailbox.exception.js';
import { MailboxRepository, type MailboxRow } from './mailbox.repository.js';

export interface MailboxAttachmentView {
  ordinal: number;
  filename: string;
  contentType: string;
  size: number;
}

export interface MailboxMailSummary {
  id: string;
  kind: string;
  from: string;
  to: string;
  subject: string;
  createdAt: string;
  /** The outbound mail's own state: sent (kept, or handed to SMTP), pending, or failed. */
  status: OutboundMailStatus;
  hasHtml: boolean;
  attachments: MailboxAttachmentView[];
}

export interface MailboxMailView extends MailboxMailSummary {
  replyTo: string | null;
  messageId: string;
  headers: Record<string, string>;
  text: string;
  lastError: string | null;
}

export interface MailboxPage {
  mails: MailboxMailSummary[];
  nextCursor: string | null;
  /** Whether mail is kept here at all (MAIL_DRIVER=mailbox, or MAIL_MAILBOX_COPY with another driver). */
  keeping: boolean;
  retention: { keep: number; days: number };
}

/** The demo mailbox, read by system administrators only: mail can hold anyone's personal data. */
@Injectable()
export class MailboxService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly mailbox: MailboxRepository,
  ) {}

  async list(principal: Principal, query: { q?: string; cursor?: string; limit?: number }): Promise<MailboxPage> {
    this.assertAdmin(principal);
    const limit = query.limit ?? 50;
    const rows = await this.mailbox.page({
      search: query.q?.trim() || undefined,
      before: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      mails: page.map(summary),
      nextCursor:
        rows.length > limit && last
          ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString('base64url')
          : null,
      keeping: this.config.mail.driver === 'mailbox' || this.config.mail.mailbox.copy,
      retention: { keep: this.config.mail.mailbox.keep, days: this.config.mail.mailbox.days },
    };
  }

  async get(principal: Principal, id: string): Promise<MailboxMailView> {
    this.assertAdmin(principal);
    const row = await this.mailbox.find(id);
    if (!row) throw MailboxException.notFound();
    return {
      ...summary(row),
      replyTo: row.replyTo,
      messageId: row.messageId,
      headers: row.headers,
      text: row.textBody,
      lastError: row.lastError,
    };
  }

  /** The HTML part, to be downloaded (never shown inline: the page's CSP forbids its styles, and it is not ours to trust). */
  async html(principal: Principal, id: string): Promise<{ name: string; content: Buffer }> {
    this.assertAdmin(principal);
    const row = await this.mailbox.find(id);
    if (!row?.htmlBody) throw MailboxException.notFound();
    return { name: `mail-${id.slice(0, 8)}.html`, content: Buffer.from(row.htmlBody, 'utf8') };
  }

  async attachment(
    principal: Principal,
    id: string,
    ordinal: number,
  ): Promise<{ name: string; contentType: string; content: Buffer }> {
    this.assertAdmin(principal);
    const attachment = await this.mailbox.attachment(id, ordinal);
    if (!attachment?.content) throw MailboxException.notFound();
    return { name: attachment.filename, contentType: attachment.contentType, content: attachment.content };
  }

  private assertAdmin(principal: Principal): void {
    if (!principal.roles.includes(UserRole.SystemAdmin)) throw MailboxException.adminsOnly();
  }
}

function summary(row: MailboxRow): MailboxMailSummary {
  return {
    id: row.id,
    kind: row.kind,
    from: row.fromAddress,
    to: row.toAddress,
    subject: row.subject,
    createdAt: row.createdAt.toISOString(),
    status: row.status,
    hasHtml: row.htmlBody !== null,
    attachments: row.attachments,
  };
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(createdAt.getTime())) throw MailboxException.badCursor();
  return { createdAt, id };
}
