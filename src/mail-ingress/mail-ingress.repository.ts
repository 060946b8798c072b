import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { InboundMailEntity, type InboundMailStatus, type MailAuthVerdicts } from './inbound-mail.entity.js';
import { MailReplyAddressEntity } from './mail-reply-address.entity.js';
import { MailboxWatermarkEntity } from './mailbox-watermark.entity.js';
import { RoomMailAddressEntity, type MailAuthPolicy } from './room-mail-address.entity.js';

@Injectable()
export class MailIngressRepository {
  constructor(
    @InjectRepository(RoomMailAddressEntity) private readonly addresses: Repository<RoomMailAddressEntity>,
    @InjectRepository(InboundMailEntity) private readonly inbound: Repository<InboundMailEntity>,
    @InjectRepository(MailReplyAddressEntity) private readonly replies: Repository<MailReplyAddressEntity>,
    @InjectRepository(MailboxWatermarkEntity) private readonly watermarks: Repository<MailboxWatermarkEntity>,
  ) {}

  /** The person's reply address for a thread: made once, the same in every later notification. */
  async replyToken(
    tx: Tx,
    row: { token: string; userId: string; roomId: string; rootMessageId: string },
  ): Promise<string> {
    const rows: Array<{ token: string }> = await tx.manager.query(
      `INSERT INTO mail_reply_addresses (token, user_id, room_id, root_message_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, root_message_id) DO UPDATE SET token = mail_reply_addresses.token RETURNING token`,
      [row.token, row.userId, row.roomId, row.rootMessageId],
    );
    return rows[0]?.token ?? row.token;
  }

  async replyAddressOf(token: string): Promise<MailReplyAddressEntity | null> {
    return this.replies.findOneBy({ token });
  }

  /** The UID read up to, for this UIDVALIDITY; a new UIDVALIDITY (the mailbox was rebuilt) starts again from 0. */
  async watermark(mailbox: string, uidValidity: string): Promise<number> {
    const rows: Array<{ last_uid: string }> = await this.watermarks.query(
      `INSERT INTO mailbox_watermarks (mailbox, uid_validity, last_uid) VALUES ($1, $2, 0)
       ON CONFLICT (mailbox) DO UPDATE SET
         last_uid = CASE WHEN mailbox_watermarks.uid_validity = excluded.uid_validity THEN mailbox_watermarks.last_uid ELSE 0 END,
         uid_validity = excluded.uid_validity,
         updated_at = CASE WHEN mailbox_watermarks.uid_validity = excluded.uid_validity THEN mailbox_watermarks.updated_at ELSE now() END
       RETURNING last_uid`,
      [mailbox, uidValidity],
    );
    return Number(rows[0]?.last_uid ?? 0);
  }

  /** Moves the watermark to `uid` if it is still below it; false when another poller stored this mail first. */
  async advanceWatermark(tx: Tx, mailbox: string, uidValidity: string, uid: number): Promise<boolean> {
    // TypeORM answers an UPDATE on PostgreSQL with [rows, affected].
    const [, affected] = await tx.manager.query<[unknown[], number]>(
      `UPDATE mailbox_watermarks SET last_uid = $3, updated_at = now() WHERE mailbox = $1 AND uid_validity = $2 AND last_uid < $3`,
      [mailbox, uidValidity, uid],
    );
    return affected > 0;
  }

  /** The room's address; in the caller's transaction when given one. */
  async addressOf(roomId: string, tx?: Tx): Promise<RoomMailAddressEntity | null> {
    return tx ? tx.manager.findOneBy(RoomMailAddressEntity, { roomId }) : this.addresses.findOneBy({ roomId });
  }

  /**
   * The rooms (not archived, not direct) this person may give an address: those they own, and
   * their agency's room when they administer it; with each room's address when it has one.
   */
  async managedRooms(
    userId: string,
    adminOfAgency: string | null,
  ): Promise<
    Array<{
      roomId: string;
      name: string | null;
      kind: string;
      token: string | null;
      authPolicy: MailAuthPolicy | null;
      since: Date | null;
    }>
  > {
    const rows: Array<{
      room_id: string;
      name: string | null;
      kind: string;
      token: string | null;
      auth_policy: MailAuthPolicy | null;
      created_at: Date | null;
    }> = await this.addresses.query(
      `SELECT r.id AS room_id, r.name, r.kind, a.token, a.auth_policy, a.created_at
         FROM rooms r
         JOIN room_members m ON m.room_id = r.id AND m.user_id = $1
         LEFT JOIN room_mail_addresses a ON a.room_id = r.id
        WHERE r.archived_at IS NULL AND r.kind <> 'direct'
          AND (m.role = 'owner' OR (r.kind = 'agency' AND r.agency_id = $2))
        ORDER BY a.room_id IS NULL, r.name, r.id`,
      [userId, adminOfAgency],
    );
    return rows.map((r) => ({
      roomId: r.room_id,
      name: r.name,
      kind: r.kind,
      token: r.token,
      authPolicy: r.auth_policy,
      since: r.created_at,
    }));
  }

  async roomOfToken(token: string): Promise<string | null> {
    return (await this.addresses.findOneBy({ token }))?.roomId ?? null;
  }

  /** Gives the room this token, replacing any earlier one (which stops receiving at once). */
  async setAddress(roomId: string, token: string, createdBy: string): Promise<RoomMailAddressEntity> {
    await this.addresses.upsert({ roomId, token, createdBy, createdAt: new Date() }, ['roomId']);
    return this.addresses.findOneByOrFail({ roomId });
  }

  async setPolicy(roomId: string, authPolicy: MailAuthPolicy): Promise<void> {
    await this.addresses.update({ roomId }, { authPolicy });
  }

  /** A received mail (status `received`, for the ingest job), or one kept without posting (`skipped` with its reason). */
  async insertInbound(
    tx: Tx,
    row: Pick<
      InboundMailEntity,
      'roomId' | 'envelopeFrom' | 'envelopeTo' | 'remoteAddress' | 'helo' | 'raw' | 'size'
    > & { status?: 'skipped'; reason?: string },
  ): Promise<string> {
    const { status = 'received', reason = null, ...mail } = row;
    const result = await tx.manager
      .createQueryBuilder()
      .insert()
      .into(InboundMailEntity)
      .values({ ...mail, status, reason, ...(status === 'skipped' ? { processedAt: new Date() } : {}) })
      .returning('id')
      .execute();
    return (result.raw as Array<{ id: string }>)[0]?.id ?? '';
  }

  async findInbound(id: string): Promise<InboundMailEntity | null> {
    return this.inbound.findOneBy({ id });
  }

  async postedWithMessageId(roomId: string, messageId: string): Promise<boolean> {
    return (await this.inbound.countBy({ roomId, messageId, status: 'posted' })) > 0;
  }

  /**
   * Claims a received mail for one job until `leaseMs` from now: true when it is this job's to
   * process (unclaimed, its claim lapsed, or already this job's), false when it is done or held.
   */
  async claim(id: string, jobId: string, leaseMs: number): Promise<boolean> {
    const [, affected] = await this.inbound.query<[unknown[], number]>(
      `UPDATE inbound_mails SET claimed_until = now() + make_interval(secs => $3), claimed_by = $2, claims = claims + CASE WHEN claimed_by = $2 THEN 0 ELSE 1 END
        WHERE id = $1 AND status = 'received' AND (claimed_until IS NULL OR claimed_until < now() OR claimed_by = $2)`,
      [id, jobId.slice(0, 200), leaseMs / 1000],
    );
    return affected > 0;
  }

  /** Records the outcome; a unique violation (another copy of the Message-ID posted first) is the caller's to handle. */
  async finish(
    tx: Tx,
    id: string,
    outcome: {
      status: InboundMailStatus;
      reason?: string | null;
      messageId?: string | null;
      postedMessageId?: string | null;
      auth?: MailAuthVerdicts | null;
    },
  ): Promise<void> {
    await tx.manager.update(
      InboundMailEntity,
      { id },
      {
        status: outcome.status,
        reason: outcome.reason ?? null,
        messageId: outcome.messageId ?? null,
        postedMessageId: outcome.postedMessageId ?? null,
        auth: outcome.auth ?? null,
        processedAt: new Date(),
        claimedUntil: null,
        claimedBy: null,
      },
    );
  }

  /** Mails committed but not yet processed and held by no job (a worker died, Redis lost the job), with their claim count. */
  async pending(olderThan: Date, now: Date, limit: number): Promise<Array<{ id: string; claims: number }>> {
    const rows = await this.inbound
      .createQueryBuilder('m')
      .select('m.id', 'id')
      .addSelect('m.claims', 'claims')
      .where(
        `m.status = 'received' AND m.received_at < :olderThan AND (m.claimed_until IS NULL OR m.claimed_until < :now)`,
        { olderThan, now },
      )
      .orderBy('m.received_at')
      .limit(limit)
      .getRawMany<{ id: string; claims: number }>();
    return rows.map((r) => ({ id: r.id, claims: Number(r.claims) }));
  }
}
