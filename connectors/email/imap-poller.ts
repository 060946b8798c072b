import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ImapFlow } from 'imapflow';
import {
  INBOUND_MAIL_SINK,
  type InboundEnvelope,
  type InboundMailSink,
} from '../../src/bus/capabilities/inbound-mail.sink.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../../src/config/app-config.js';

/**
 * An existing mailbox read into a room (imapflow), for an agency whose mail already lands on an
 * IMAP server. Each poll selects the mailbox, lists the UIDs above the stored watermark and
 * fetches them one at a time in UID order; every mail is committed together with the watermark
 * moving to its UID, so a restart, a lost connection or a second poller neither skips nor repeats
 * one, and a UID that yields nothing ends the poll there. A mail over SMTP_MAX_BYTES is not
 * downloaded; the room gets a notice instead. Mail on the server is left as it is (nothing is
 * flagged or deleted). When the mailbox's
 * UIDVALIDITY changes, its UIDs mean other mails: reading starts again from the first, and the
 * Message-ID check keeps mails already posted from being posted twice.
 */
@Injectable()
export class ImapPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ImapPoller.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    @Inject(INBOUND_MAIL_SINK) private readonly sink: InboundMailSink,
  ) {}

  onApplicationBootstrap(): void {
    const imap = this.config.mail.imap;
    if (!this.config.roles.has('smtp') || !imap) return;
    this.logger.log(`polling ${this.mailboxKey()} every ${imap.intervalMs} ms into room ${imap.roomId}`);
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Signs in and opens the mailbox; reports what happened and never throws (nor names the password). */
  async checkConnection(): Promise<{ ok: boolean; detail: string }> {
    const imap = this.config.mail.imap;
    if (!imap) return { ok: false, detail: 'IMAP_URL is not set' };
    const client = this.client();
    try {
      await client.connect();
      const status = await client.status(imap.mailbox, { messages: true, uidNext: true });
      return status
        ? {
            ok: true,
            detail: `${this.mailboxKey()}: ${status.messages ?? 0} messages, next UID ${status.uidNext ?? '?'}`,
          }
        : { ok: false, detail: `${this.mailboxKey()}: no such mailbox` };
    } catch (error) {
      const reason =
        error instanceof Error
          ? ((error as Error & { responseText?: string }).responseText ?? error.message)
          : String(error);
      return { ok: false, detail: `${this.mailboxKey()}: ${reason}` };
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  /** Reads what arrived since the watermark; returns how many mails were stored. */
  async pollOnce(): Promise<number> {
    const imap = this.config.mail.imap;
    if (!imap) return 0;
    const client = this.client();
    await client.connect();
    let stored = 0;
    try {
      const lock = await client.getMailboxLock(imap.mailbox, { readOnly: true });
      try {
        const opened = client.mailbox;
        if (!opened) return 0;
        const mailbox = this.mailboxKey();
        const uidValidity = opened.uidValidity.toString();
        const after = await this.sink.mailboxWatermark(mailbox, uidValidity);
        // `n:*` names the last message even when every UID is below n, hence the filter.
        const uids = ((await client.search({ uid: `${after + 1}:*` }, { uid: true })) || [])
          .filter((uid) => uid > after)
          .sort((a, b) => a - b);
        const limit = this.config.mail.smtpMaxBytes;
        for (const uid of uids) {
          if (this.stopped) break;
          // The size first, so a mail over SMTP_MAX_BYTES is never downloaded.
          const head = await client.fetchOne(String(uid), { size: true, envelope: true, headers: true }, { uid: true });
          const oversize = head && typeof head.size === 'number' && head.size > limit;
          const message =
            head && !oversize ? await client.fetchOne(String(uid), { source: true }, { uid: true }) : null;
          const raw = oversize
            ? oversizeNotice(head.headers ?? Buffer.alloc(0), head.envelope?.subject, head.size ?? 0, limit, mailbox)
            : message
              ? message.source
              : undefined;
          // Nothing fetched (a dropped answer, a mail expunged meanwhile): the watermark stays below it and the next poll asks again.
          if (!head || !raw) break;
          const envelope: InboundEnvelope = {
            from: envelopeSender(head.headers ?? raw, head.envelope?.from?.[0]?.address),
            to: mailbox,
            remoteAddress: null,
            helo: null,
          };
          if (
            (await this.sink.acceptFromMailbox({ mailbox, uidValidity, uid, roomId: imap.roomId }, envelope, raw)) !==
            null
          )
            stored++;
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
    return stored;
  }

  private client(): ImapFlow {
    const url = new URL(this.config.mail.imap?.url ?? '');
    const secure = url.protocol === 'imaps:';
    const client = new ImapFlow({
      host: url.hostname,
      port: url.port ? Number(url.port) : secure ? 993 : 143,
      secure,
      auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
      logger: false,
    });
    // A dropped connection is reported through the failing command; the emitter must not throw.
    client.on('error', () => undefined);
    return client;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pollOnce()
        .then((stored) => {
          if (stored > 0) this.logger.log(`${stored} mail(s) read from ${this.mailboxKey()}`);
        })
        .catch((error: unknown) =>
          this.logger.warn(
            `polling ${this.mailboxKey()} failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        )
        .finally(() => this.schedule(this.config.mail.imap?.intervalMs ?? 60_000));
    }, delayMs);
    this.timer.unref();
  }

  /** user@host:port/mailbox: what the watermark is kept under, and what logs name (never the password). */
  private mailboxKey(): string {
    const imap = this.config.mail.imap;
    if (!imap) return '';
    const url = new URL(imap.url);
    return `${decodeURIComponent(url.username)}@${url.hostname}:${url.port || (url.protocol === 'imaps:' ? '993' : '143')}/${imap.mailbox}`.slice(
      0,
      500,
    );
  }
}

/**
 * What a mail over SMTP_MAX_BYTES becomes: a small mail telling the room it is still in the
 * mailbox, with the original's subject and date. It has no From (the sender is the envelope's,
 * from Return-Path), since an unsigned copy claiming the sender's domain would fail its DMARC.
 */
export function oversizeNotice(
  headers: Buffer,
  subject: string | undefined,
  size: number,
  limit: number,
  mailbox: string,
): Buffer {
  const date = /^date:[ \t]*(.+)$/im.exec(headers.toString('latin1'))?.[1]?.trim() ?? new Date().toUTCString();
  const word = (text: string) => `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
  const kib = (bytes: number) => Math.ceil(bytes / 1024);
  const text = `⚠️ 메일이 너무 커서(${kib(size)} KiB, 한도 ${kib(limit)} KiB) 가져오지 않았습니다. 원문은 우편함 ${mailbox}에 그대로 있습니다.\n⚠️ This mail (${kib(size)} KiB) is over the ${kib(limit)} KiB limit and was not brought in; it is still in the mailbox ${mailbox}.`;
  return Buffer.from(
    [
      ...(/^return-path:.*$/im.exec(headers.toString('latin1')) ?? []).map((line) => line.trim()),
      `Subject: ${word((subject ?? '').replace(/[\r\n]+/g, ' ').slice(0, 300))}`,
      `Date: ${date.replace(/[\r\n]+/g, ' ').slice(0, 100)}`,
      `X-Ieum-Oversize: ${size}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(text).toString('base64'),
      '',
    ].join('\r\n'),
  );
}

/**
 * The envelope sender the delivering server recorded in Return-Path (empty for a bounce); the
 * header From when there is none.
 */
export function envelopeSender(raw: Buffer, headerFrom: string | undefined): string | null {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end >= 0 ? end : Math.min(raw.length, 64 * 1024)).toString('latin1');
  const returnPath = /^return-path:\s*<([^>]*)>/im.exec(head);
  if (returnPath) return returnPath[1]?.trim() || null;
  return headerFrom?.trim() || null;
}
