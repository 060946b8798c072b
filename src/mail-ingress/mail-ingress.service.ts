import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { simpleParser, type ParsedMail } from 'mailparser';
import { createHash, randomBytes } from 'node:crypto';
import { JobName } from '../bus/bus.constants.js';
import type { InboundEnvelope, InboundMailSink } from '../bus/capabilities/inbound-mail.sink.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import { QueueService } from '../bus/queue.service.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { FileService } from '../files/file.service.js';
import type { Principal } from '../identity/identity.types.js';
import { UserRepository } from '../identity/user.repository.js';
import { MAX_MESSAGE_LENGTH } from '../messenger/messenger.types.js';
import { RoomService } from '../messenger/room.service.js';
import { normaliseIso2022Kr } from './iso-2022-kr.js';
import { MailIngressRepository } from './mail-ingress.repository.js';

const ADDRESS = /^room-([a-z2-7]{20})@(.+)$/i;
/** How often the worker looks for committed mails whose ingest job Redis may have lost. */
const SWEEP_MS = 60_000;

/** What the ingest job does with one mail. */
export type IngestPlan =
  | { kind: 'skip'; reason: string; messageId: string | null }
  | { kind: 'post'; roomId: string; clientMessageId: string; body: string; attachments: Array<{ name: string; content: Buffer }>; messageId: string | null };

/**
 * Mail into rooms. Each room may have an address with an unguessable token; the SMTP connector
 * asks here whether a recipient exists and hands the raw message over, which is committed with its
 * ingest event before the sender hears 250. The ingest job (the mail bot) parses it, drops what
 * must not be posted (auto-replies, bulk, loops, bounces, a Message-ID already posted) and posts
 * the rest as the e-mail bridge.
 */
@Injectable()
export class MailIngressService implements InboundMailSink, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MailIngressService.name);
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly uow: UnitOfWork,
    private readonly repo: MailIngressRepository,
    private readonly rooms: RoomService,
    private readonly users: UserRepository,
    private readonly files: FileService,
    private readonly events: EventPublisher,
    private readonly queues: QueueService,
  ) {}

  /** The room's address, made on first request (members only). */
  async address(principal: Principal, roomId: string): Promise<{ address: string }> {
    await this.rooms.access(principal, roomId);
    const existing = await this.repo.addressOf(roomId);
    const token = existing?.token ?? (await this.repo.setAddress(roomId, newToken(), principal.userId)).token;
    return { address: this.format(token) };
  }

  /** A new address for the room; mail to the old one is refused from now on. */
  async rotate(principal: Principal, roomId: string): Promise<{ address: string }> {
    await this.rooms.access(principal, roomId);
    return { address: this.format((await this.repo.setAddress(roomId, newToken(), principal.userId)).token) };
  }

  async knowsRecipient(address: string): Promise<boolean> {
    return (await this.roomOf(address)) !== null;
  }

  async accept(envelope: InboundEnvelope, raw: Buffer): Promise<string> {
    const roomId = await this.roomOf(envelope.to);
    if (!roomId) throw new Error('unknown recipient');
    return this.uow.run(async (tx) => {
      const id = await this.repo.insertInbound(tx, { roomId, envelopeFrom: envelope.from, envelopeTo: envelope.to.toLowerCase(), remoteAddress: envelope.remoteAddress, raw, size: raw.length });
      await this.events.publish(tx, { name: JobName.MailIngest, data: { inboundId: id } });
      return id;
    });
  }

  /** Reads the stored mail and decides; null when it was already handled. */
  async plan(inboundId: string): Promise<IngestPlan | null> {
    const inbound = await this.repo.findInbound(inboundId);
    if (!inbound || inbound.status !== 'received') return null;
    let mail: ParsedMail;
    try {
      mail = await simpleParser(normaliseIso2022Kr(inbound.raw), { skipImageLinks: true });
    } catch {
      return { kind: 'post', roomId: inbound.roomId, clientMessageId: clientId(`raw|${inbound.id}`), body: `✉️ 읽을 수 없는 메일이 도착했습니다 (원문 보관, ${inbound.id.slice(0, 8)}).\n✉️ A mail arrived that could not be read (kept raw, ${inbound.id.slice(0, 8)}).`, attachments: [], messageId: null };
    }
    const messageId = mail.messageId?.trim().slice(0, 998) || null;
    const skip = this.skipReason(mail, inbound.envelopeFrom);
    if (skip) return { kind: 'skip', reason: skip, messageId };
    if (messageId && (await this.repo.postedWithMessageId(inbound.roomId, messageId))) return { kind: 'skip', reason: 'duplicate', messageId };

    const fromAddress = mail.from?.value[0]?.address?.toLowerCase() ?? inbound.envelopeFrom ?? '';
    const fromName = mail.from?.value[0]?.name || fromAddress;
    const known = fromAddress ? await this.users.findStaffByEmail(fromAddress) : null;
    const limit = this.config.files.maxBytes;
    const attachments = mail.attachments.filter((a) => a.contentDisposition !== 'inline' || a.filename);
    const kept = attachments.filter((a) => a.size <= limit);
    const dropped = attachments.filter((a) => a.size > limit);
    const head = `✉️ ${fromName}${fromName !== fromAddress ? ` <${fromAddress}>` : ''}${known ? ` (${known.displayName})` : ''}`;
    const notices = dropped.map((a) => `⚠️ ${a.filename ?? 'attachment'}: ${Math.ceil(a.size / 1024)} KiB, over the ${Math.floor(limit / 1024)} KiB limit / 용량 초과로 첨부하지 않음`);
    const text = foldQuoted(mail.text ?? '');
    const body = [head, `[${mail.subject?.trim() || '(제목 없음 / no subject)'}]`, '', text, ...(notices.length > 0 ? ['', ...notices] : [])].join('\n').slice(0, MAX_MESSAGE_LENGTH);
    return {
      kind: 'post',
      roomId: inbound.roomId,
      clientMessageId: clientId(messageId ? `mid|${inbound.roomId}|${messageId}` : `in|${inbound.id}`),
      body,
      attachments: kept.map((a, i) => ({ name: a.filename?.trim() || `attachment-${i + 1}`, content: a.content })),
      messageId,
    };
  }

  /** Stores the attachments as the bridge's user in the room, for its message to carry. */
  async storeAttachments(uploaderId: string, roomId: string, attachments: Array<{ name: string; content: Buffer }>): Promise<string[]> {
    const ids: string[] = [];
    for (const attachment of attachments.filter((a) => a.content.length > 0)) ids.push((await this.files.storeFor(uploaderId, roomId, attachment.name, attachment.content)).id);
    return ids;
  }

  async finish(inboundId: string, outcome: { status: 'posted' | 'skipped'; reason?: string; messageId: string | null; postedMessageId?: string }): Promise<void> {
    if (!(await this.repo.finish(inboundId, outcome))) await this.repo.finish(inboundId, { status: 'skipped', reason: 'duplicate', messageId: null });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.roles.has('worker')) return;
    this.sweeper = setInterval(() => {
      this.requeue().catch((error: unknown) => this.logger.warn(`mail ingest sweep failed: ${String(error)}`));
    }, SWEEP_MS);
    this.sweeper.unref();
    await this.requeue();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  /** Enqueues again mails committed a while ago and still not handled; the job id keeps it to one job each. */
  async requeue(now = new Date()): Promise<number> {
    const ids = await this.repo.pendingIds(new Date(now.getTime() - 30_000), 500);
    for (const id of ids) await this.queues.add(JobName.MailIngest, { inboundId: id }, { jobId: `mail-ingest-${id}` });
    return ids.length;
  }

  private skipReason(mail: ParsedMail, envelopeFrom: string | null): string | null {
    const header = (name: string) => {
      const value = mail.headers.get(name);
      return typeof value === 'string' ? value.toLowerCase() : value === undefined ? '' : JSON.stringify(value).toLowerCase();
    };
    if (!envelopeFrom || /multipart\/report/.test(header('content-type'))) return 'bounce';
    const autoSubmitted = header('auto-submitted');
    if (autoSubmitted && !autoSubmitted.startsWith('no')) return 'auto-submitted';
    if (/^(bulk|list|junk)$/.test(header('precedence').trim())) return 'bulk';
    if (header('x-loop') || header('x-autoreply') || header('x-autorespond')) return 'loop';
    const from = mail.from?.value[0]?.address?.toLowerCase() ?? envelopeFrom.toLowerCase();
    if (from.endsWith(`@${this.config.mail.domain.toLowerCase()}`) || envelopeFrom.toLowerCase().endsWith(`@${this.config.mail.domain.toLowerCase()}`)) return 'own-domain';
    return null;
  }

  private async roomOf(address: string): Promise<string | null> {
    const match = ADDRESS.exec(address.trim());
    if (!match?.[1] || match[2]?.toLowerCase() !== this.config.mail.domain.toLowerCase()) return null;
    return this.repo.roomOfToken(match[1].toLowerCase());
  }

  private format(token: string): string {
    return `room-${token}@${this.config.mail.domain}`;
  }
}

/** 100 random bits in lower-case base32: 20 characters. */
function newToken(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return [...randomBytes(20)].map((b) => alphabet[b & 31]).join('');
}

function clientId(seed: string): string {
  return `mail-${createHash('sha256').update(seed).digest('base64url').slice(0, 40)}`;
}

/** Drops what a reply quotes and the signature: the first quote header, then `>` lines and `-- ` on. */
export function foldQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const cut = lines.findIndex((line) => /^(-{2,}\s*(original message|원본 메시지|forwarded message)\s*-{2,}|on .+ wrote:\s*$|.+(님이 작성|작성함):\s*$|-- ?$)/i.test(line.trim()));
  const kept = (cut >= 0 ? lines.slice(0, cut) : lines).filter((line, i, all) => !(line.startsWith('>') && all.slice(i).every((l) => l.startsWith('>') || l.trim() === '')));
  return kept.join('\n').trim();
}
