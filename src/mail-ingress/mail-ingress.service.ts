import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { randomBytes } from 'node:crypto';
import { JobName } from '../bus/bus.constants.js';
import type { InboundEnvelope, InboundMailSink, MailboxPosition } from '../bus/capabilities/inbound-mail.sink.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import { QueueService } from '../bus/queue.service.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { UnitOfWork, type Tx } from '../database/unit-of-work.js';
import { UserRole, type Principal } from '../identity/identity.types.js';
import { UserRepository } from '../identity/user.repository.js';
import { MessengerException } from '../messenger/messenger.exception.js';
import { RoomRepository } from '../messenger/room.repository.js';
import { RoomService } from '../messenger/room.service.js';
import { RedisService } from '../redis/redis.service.js';
import { MailIngressRepository } from './mail-ingress.repository.js';
import type { MailAuthPolicy } from './room-mail-address.entity.js';

/** A room's address, or a thread's reply address from a notification mail. */
const ADDRESS = /^(room|reply)-([a-z2-7]{20})@(.+)$/i;

/** A room someone may give an address, with the address it has (null: none yet). */
export interface RoomMailAddressView {
  roomId: string;
  roomName: string | null;
  roomKind: string;
  address: string | null;
  authPolicy: MailAuthPolicy | null;
  since: string | null;
}

/**
 * Mail into rooms. Each room may have an address with an unguessable token; the SMTP connector
 * asks here whether a recipient exists and hands the raw message over, which is committed with its
 * ingest event before the sender hears 250; a polled mailbox's mail is stored alike. The ingest
 * job (the mail bot) reads it through MailIngestService and posts what that lets through.
 */
@Injectable()
export class MailIngressService implements InboundMailSink, OnApplicationBootstrap {
  private readonly logger = new Logger(MailIngressService.name);
  /** MAIL_SENDER_PER_HOUR for polled mail, counted in the same Redis keys as the SMTP ingress's. */
  private readonly perSender: RateLimiterRedis;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly uow: UnitOfWork,
    private readonly repo: MailIngressRepository,
    private readonly rooms: RoomService,
    private readonly roomRows: RoomRepository,
    private readonly users: UserRepository,
    private readonly events: EventPublisher,
    private readonly queues: QueueService,
    redis: RedisService,
  ) {
    this.perSender = new RateLimiterRedis({
      storeClient: redis.client,
      keyPrefix: redis.key('mail-sender'),
      points: config.mail.senderPerHour,
      duration: 3600,
    });
  }

  /**
   * The room's address: any member reads it once it exists, but only owners make it, since it lets
   * anyone outside post into the room (as they choose the auth policy).
   */
  async address(principal: Principal, roomId: string): Promise<{ address: string }> {
    await this.rooms.access(principal, roomId);
    const existing = await this.repo.addressOf(roomId);
    if (existing) return { address: this.format(existing.token) };
    await this.rooms.manage(principal, roomId);
    return { address: this.format((await this.repo.setAddress(roomId, newToken(), principal.userId)).token) };
  }

  /** A new address for the room; mail to the old one is refused from now on. Owners only. */
  async rotate(principal: Principal, roomId: string): Promise<{ address: string }> {
    await this.rooms.manage(principal, roomId);
    return { address: this.format((await this.repo.setAddress(roomId, newToken(), principal.userId)).token) };
  }

  /** What happens to mail failing SPF/DKIM/DMARC in this room: posted, posted with a warning, or not posted. Owners only. */
  async setAuthPolicy(
    principal: Principal,
    roomId: string,
    policy: MailAuthPolicy,
  ): Promise<{ address: string; authPolicy: MailAuthPolicy }> {
    await this.rooms.manage(principal, roomId);
    const existing =
      (await this.repo.addressOf(roomId)) ?? (await this.repo.setAddress(roomId, newToken(), principal.userId));
    await this.repo.setPolicy(roomId, policy);
    return { address: this.format(existing.token), authPolicy: policy };
  }

  /** The rooms this person may give an address (owners; agency administrators their agency's room), with the addresses they have. */
  async managedAddresses(principal: Principal): Promise<RoomMailAddressView[]> {
    const adminOf = principal.roles.includes(UserRole.AgencyAdmin) ? principal.agencyId : null;
    const rooms = await this.repo.managedRooms(principal.userId, adminOf);
    return rooms.map((r) => ({
      roomId: r.roomId,
      roomName: r.name,
      roomKind: r.kind,
      address: r.token ? this.format(r.token) : null,
      authPolicy: r.authPolicy,
      since: r.since?.toISOString() ?? null,
    }));
  }

  async knowsRecipient(address: string): Promise<boolean> {
    return (await this.roomOf(address)) !== null;
  }

  async accept(envelope: InboundEnvelope, raw: Buffer): Promise<string> {
    const roomId = await this.roomOf(envelope.to);
    if (!roomId) throw new Error('unknown recipient');
    return this.uow.run((tx) => this.store(tx, roomId, envelope, raw));
  }

  /**
   * A mail fetched from a polled mailbox: stored and queued, and the mailbox's watermark moved to
   * its UID, in one transaction. Null when the watermark was already past it (another poller). A
   * sender past MAIL_SENDER_PER_HOUR cannot be deferred as SMTP's 451 does, and holding the
   * watermark would stall every later mail behind a loop: the mail is stored as skipped
   * (`sender-capped`) and not posted, so it is kept, and counted, rather than lost.
   */
  async acceptFromMailbox(position: MailboxPosition, envelope: InboundEnvelope, raw: Buffer): Promise<string | null> {
    return this.uow.run(async (tx) => {
      if (!(await this.repo.advanceWatermark(tx, position.mailbox, position.uidValidity, position.uid))) return null;
      const sender = (envelope.from ?? `<>@${position.mailbox}`).toLowerCase();
      const allowed = await this.perSender.consume(sender).then(
        () => true,
        (error: unknown) => {
          if (error instanceof RateLimiterRes) return false;
          throw error;
        },
      );
      if (!allowed) {
        this.logger.warn(
          `UID ${position.uid} of ${position.mailbox} kept but not posted: its sender is past MAIL_SENDER_PER_HOUR`,
        );
        return this.repo.insertInbound(tx, {
          ...this.inboundRow(position.roomId, envelope, raw),
          status: 'skipped',
          reason: 'sender-capped',
        });
      }
      return this.store(tx, position.roomId, envelope, raw);
    });
  }

  /** The UID a polled mailbox has been read up to (0 for a new mailbox or a new UIDVALIDITY). */
  async mailboxWatermark(mailbox: string, uidValidity: string): Promise<number> {
    return this.repo.watermark(mailbox, uidValidity);
  }

  /** The address a notification gives this person for answering a thread by mail, made in the caller's transaction. */
  async replyAddress(tx: Tx, userId: string, roomId: string, rootMessageId: string): Promise<string> {
    const token = await this.repo.replyToken(tx, { token: newToken(), userId, roomId, rootMessageId });
    return `reply-${token}@${this.config.mail.domain}`;
  }

  private inboundRow(roomId: string, envelope: InboundEnvelope, raw: Buffer) {
    return {
      roomId,
      envelopeFrom: envelope.from,
      envelopeTo: envelope.to.toLowerCase().slice(0, 320),
      remoteAddress: envelope.remoteAddress,
      helo: envelope.helo?.slice(0, 255) ?? null,
      raw,
      size: raw.length,
    };
  }

  private async store(tx: Tx, roomId: string, envelope: InboundEnvelope, raw: Buffer): Promise<string> {
    const id = await this.repo.insertInbound(tx, this.inboundRow(roomId, envelope, raw));
    await this.events.publish(tx, { name: JobName.MailIngest, data: { inboundId: id } });
    return id;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.roles.has('worker')) return;
    await this.requeue();
  }

  /**
   * Enqueues again mails committed a while ago, not handled and held by no job. The job id (with
   * the claim count) keeps it to one sweep job per lapsed claim; the claim keeps any two jobs apart.
   */
  async requeue(now = new Date()): Promise<number> {
    const rows = await this.repo.pending(new Date(now.getTime() - 30_000), now, 500);
    for (const row of rows)
      await this.queues.add(
        JobName.MailIngest,
        { inboundId: row.id },
        { jobId: `mail-ingest-${row.id}-${row.claims}` },
      );
    return rows.length;
  }

  /**
   * The room mail to this address goes to; null (550 at RCPT) for an unknown or rotated address, an
   * archived room, or a reply address whose person may no longer write in its room.
   */
  private async roomOf(address: string): Promise<string | null> {
    const match = ADDRESS.exec(address.trim());
    if (!match?.[2] || match[3]?.toLowerCase() !== this.config.mail.domain.toLowerCase()) return null;
    const token = match[2].toLowerCase();
    if (match[1]?.toLowerCase() === 'reply') {
      const reply = await this.repo.replyAddressOf(token);
      return reply && (await this.mayReply(reply)) ? reply.roomId : null;
    }
    const roomId = await this.repo.roomOfToken(token);
    return roomId && !(await this.roomRows.findById(roomId))?.archivedAt ? roomId : null;
  }

  /**
   * Whether a reply address's person may still write in its room, by the messenger's own rule: an
   * active member, and for an agency room still in that agency; and the room is not archived.
   */
  async mayReply(reply: { userId: string; roomId: string }): Promise<boolean> {
    const user = await this.users.findById(reply.userId);
    if (!user || user.disabledAt) return false;
    const principal: Principal = {
      userId: user.id,
      kind: user.kind,
      agencyId: user.agencyId,
      roles: user.roles,
      tokenId: 'mail-reply',
      tokenExpiresAt: 0,
    };
    const access = await this.rooms.access(principal, reply.roomId).catch((error: unknown) => {
      if (error instanceof MessengerException) return null;
      throw error;
    });
    return access !== null && access.room.archivedAt === null;
  }

  /** The thread and person a reply address stands for; null for a room address. */
  async replyTarget(address: string): Promise<{ userId: string; roomId: string; rootMessageId: string } | null> {
    const match = ADDRESS.exec(address.trim());
    if (match?.[1]?.toLowerCase() !== 'reply' || !match[2]) return null;
    return this.repo.replyAddressOf(match[2].toLowerCase());
  }

  private format(token: string): string {
    return `room-${token}@${this.config.mail.domain}`;
  }
}

/** Random lower-case base32: 20 characters (100 bits) for an address, 10 for a subject token. */
export function newToken(length = 20): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return [...randomBytes(length)].map((b) => alphabet[b & 31]).join('');
}
