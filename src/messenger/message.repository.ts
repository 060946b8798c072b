import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { MessageMentionEntity } from './message-mention.entity.js';
import { MessageReactionEntity } from './message-reaction.entity.js';
import { MessageEntity } from './message.entity.js';
import type { MessageKind } from './messenger.types.js';

/** A message to number and store with its files and mentions in one statement. */
export interface NumberedMessage {
  roomId: string;
  senderId: string;
  clientMessageId: string | null;
  kind: MessageKind;
  body: string;
  threadRootId: string | null;
  fileIds: string[];
  mentioned: string[];
  /**
   * An outbox event written by the same statement, its payload `{ messageId }` of the stored
   * message (a command's run): the message and its job commit together, or neither does.
   */
  job?: { queue: string; jobName: string } | null;
}

export interface PlainSend {
  senderId: string;
  senderAgencyId: string | null;
  clientMessageId: string;
  kind: MessageKind;
  body: string;
}

export interface StoredPlain {
  id: string;
  roomId: string;
  seq: string;
  changeSeq: string;
  senderId: string;
  senderName: string;
  clientMessageId: string;
  kind: MessageKind;
  body: string;
  createdAt: Date;
}

export interface PageQuery {
  roomId: string;
  threadRootId?: string;
  /** Messages with seq below this (older), newest first. */
  before?: string;
  /** Messages with seq above this (newer), oldest first. */
  after?: string;
  limit: number;
}

export interface Reader {
  userId: string;
  displayName: string;
}

/** "Read by N of M" for one message. */
export interface ReadReceipt {
  messageId: string;
  readCount: number;
  memberCount: number;
  readers: Reader[];
}

@Injectable()
export class MessageRepository {
  constructor(
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
    @InjectRepository(MessageReactionEntity) private readonly reactions: Repository<MessageReactionEntity>,
  ) {}

  async findById(id: string): Promise<MessageEntity | null> {
    return this.messages.findOneBy({ id });
  }

  /** Of these messages, each one's room (one statement at any number; an unknown id is left out). */
  async roomsOf(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.messages.find({ select: { id: true, roomId: true }, where: { id: In([...ids]) } });
    return new Map(rows.map((m) => [m.id, m.roomId]));
  }

  async findByClientId(senderId: string, clientMessageId: string): Promise<MessageEntity | null> {
    return this.messages.findOneBy({ senderId, clientMessageId });
  }

  /**
   * One message numbered and stored in one statement: the room's next seq and change number, the
   * row, its files and its mentions. The files must all be the sender's, uploaded to this room and
   * not yet attached, or nothing is written and null returned (null too for a room that is gone).
   * The room's row stays locked from this statement to the end of its transaction: without `tx`
   * the statement commits alone, and with one, callers write what must go with the message after
   * it and commit soon. (Taken first in a transaction of several round trips, the lock queued
   * every other post to the room behind those round trips: about 80 ms each with mail arriving.)
   */
  async insertNumbered(tx: Tx | null, m: NumberedMessage): Promise<MessageEntity | null> {
    const rows: Array<Record<string, unknown>> = await (tx?.manager ?? this.messages.manager).query(
      `WITH attachable AS (
         SELECT id FROM files WHERE id = ANY($7::uuid[]) AND uploader_id = $2 AND room_id = $1 AND message_id IS NULL FOR UPDATE
       ), bumped AS (
         UPDATE rooms SET last_seq = last_seq + 1, last_change_seq = last_change_seq + 1, last_message_at = now(), updated_at = now()
          WHERE id = $1 AND (SELECT count(*) FROM attachable) = cardinality($7::uuid[]) RETURNING last_seq, last_change_seq
       ), inserted AS (
         INSERT INTO messages (room_id, seq, change_seq, sender_id, client_message_id, kind, body, thread_root_id)
         SELECT $1, b.last_seq, b.last_change_seq, $2, $3, $4, $5, $6 FROM bumped b
         RETURNING id, room_id, seq, change_seq, sender_id, client_message_id, kind, body, thread_root_id, reply_count, edited_at, deleted_at, created_at
       ), attached AS (
         UPDATE files SET message_id = (SELECT id FROM inserted) WHERE id IN (SELECT id FROM attachable) AND EXISTS (SELECT 1 FROM inserted)
       ), mentioned AS (
         INSERT INTO message_mentions (message_id, user_id) SELECT i.id, u FROM inserted i CROSS JOIN unnest($8::uuid[]) u ON CONFLICT DO NOTHING
       ), queued AS (
         INSERT INTO outbox_events (queue, job_name, payload)
         SELECT $9::varchar, $10::varchar, jsonb_build_object('messageId', i.id) FROM inserted i WHERE $9::varchar IS NOT NULL
       )
       SELECT * FROM inserted`,
      [
        m.roomId,
        m.senderId,
        m.clientMessageId,
        m.kind,
        m.body,
        m.threadRootId,
        m.fileIds,
        m.mentioned,
        m.job?.queue ?? null,
        m.job?.jobName ?? null,
      ],
    );
    const row = rows[0];
    if (!row) return null;
    return this.messages.create({
      id: row.id as string,
      roomId: row.room_id as string,
      seq: String(row.seq),
      changeSeq: String(row.change_seq),
      senderId: row.sender_id as string | null,
      clientMessageId: row.client_message_id as string | null,
      kind: row.kind as MessageKind,
      body: row.body as string,
      threadRootId: row.thread_root_id as string | null,
      replyCount: Number(row.reply_count),
      editedAt: row.edited_at as Date | null,
      deletedAt: row.deleted_at as Date | null,
      createdAt: row.created_at as Date,
    });
  }

  /**
   * Plain sends, to any number of rooms, in one autocommitted statement: each is kept only if its
   * sender may post (a member of the open room; for an agency room, still of that agency) and has
   * not used its client id; the kept ones take consecutive seqs, and change numbers, per room in
   * the given order. The rooms' rows are locked for this one statement, in the order of their ids
   * (so two such statements never wait on each other in a circle), not for a transaction's round
   * trips. Returns the stored rows by input index; an index missing from the map was refused or
   * already used, and its caller takes the slow path, which says which.
   */
  async insertPlainBatch(sends: Array<PlainSend & { roomId: string }>): Promise<Map<number, StoredPlain>> {
    const rows: Array<Record<string, unknown>> = await this.messages.query(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::varchar[], $5::varchar[], $6::text[]) WITH ORDINALITY
                AS t(room_id, sender_id, agency_id, client_message_id, kind, body, ord)
       ), locked AS (
         SELECT r.id, r.kind, r.agency_id FROM rooms r
          WHERE r.id IN (SELECT room_id FROM input) AND r.archived_at IS NULL
          ORDER BY r.id FOR NO KEY UPDATE
       ), kept AS (
         SELECT i.*, row_number() OVER (PARTITION BY i.room_id ORDER BY i.ord) AS n
           FROM input i
           JOIN locked r ON r.id = i.room_id AND (r.kind <> 'agency' OR r.agency_id = i.agency_id)
           JOIN room_members m ON m.room_id = r.id AND m.user_id = i.sender_id
          WHERE NOT EXISTS (SELECT 1 FROM messages x WHERE x.sender_id = i.sender_id AND x.client_message_id = i.client_message_id)
       ), counts AS (
         SELECT room_id, count(*) AS c FROM kept GROUP BY room_id
       ), bumped AS (
         UPDATE rooms r SET last_seq = r.last_seq + c.c, last_change_seq = r.last_change_seq + c.c, last_message_at = now()
           FROM counts c WHERE r.id = c.room_id RETURNING r.id, r.last_seq, r.last_change_seq, c.c
       ), inserted AS (
         INSERT INTO messages (room_id, seq, change_seq, sender_id, client_message_id, kind, body)
         SELECT k.room_id, b.last_seq - b.c + k.n, b.last_change_seq - b.c + k.n, k.sender_id, k.client_message_id, k.kind, k.body
           FROM kept k JOIN bumped b ON b.id = k.room_id ORDER BY k.ord
         ON CONFLICT (sender_id, client_message_id) WHERE client_message_id IS NOT NULL DO NOTHING
         RETURNING id, room_id, seq, change_seq, sender_id, client_message_id, kind, body, created_at
       )
       SELECT i.*, u.display_name FROM inserted i JOIN users u ON u.id = i.sender_id`,
      [
        sends.map((x) => x.roomId),
        sends.map((x) => x.senderId),
        sends.map((x) => x.senderAgencyId),
        sends.map((x) => x.clientMessageId),
        sends.map((x) => x.kind),
        sends.map((x) => x.body),
      ],
    );
    const byKey = new Map(sends.map((x, i) => [`${x.senderId} ${x.clientMessageId}`, i]));
    const stored = new Map<number, StoredPlain>();
    for (const row of rows) {
      const index = byKey.get(`${String(row.sender_id)} ${String(row.client_message_id)}`);
      if (index === undefined) continue;
      stored.set(index, {
        id: row.id as string,
        roomId: row.room_id as string,
        seq: String(row.seq),
        changeSeq: String(row.change_seq),
        senderId: row.sender_id as string,
        senderName: row.display_name as string,
        clientMessageId: row.client_message_id as string,
        kind: row.kind as MessageKind,
        body: row.body as string,
        createdAt: row.created_at as Date,
      });
    }
    return stored;
  }

  async insertMentions(tx: Tx, messageId: string, userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    await tx.manager
      .createQueryBuilder()
      .insert()
      .into(MessageMentionEntity)
      .values(userIds.map((userId) => ({ messageId, userId })))
      .orIgnore()
      .execute();
  }

  async mentionsOf(messageIds: string[]): Promise<MessageMentionEntity[]> {
    return messageIds.length === 0
      ? []
      : this.messages.manager.find(MessageMentionEntity, { where: { messageId: In(messageIds) } });
  }

  async bumpReplies(tx: Tx, rootId: string, changeSeq: string): Promise<void> {
    await tx.manager.update(MessageEntity, { id: rootId }, { replyCount: () => 'reply_count + 1', changeSeq });
  }

  async page(query: PageQuery): Promise<MessageEntity[]> {
    const qb = this.messages.createQueryBuilder('m').where('m.room_id = :roomId', { roomId: query.roomId });
    if (query.threadRootId) qb.andWhere('m.thread_root_id = :root', { root: query.threadRootId });
    else qb.andWhere('m.thread_root_id IS NULL');
    if (query.after !== undefined) {
      qb.andWhere('m.seq > :after', { after: query.after }).orderBy('m.seq', 'ASC');
    } else {
      if (query.before !== undefined) qb.andWhere('m.seq < :before', { before: query.before });
      qb.orderBy('m.seq', 'DESC');
    }
    const rows = await qb.limit(query.limit).getMany();
    return query.after !== undefined ? rows : rows.reverse();
  }

  async update(
    tx: Tx,
    id: string,
    patch: Partial<Pick<MessageEntity, 'body' | 'editedAt' | 'deletedAt' | 'changeSeq'>>,
  ): Promise<void> {
    await tx.manager.update(MessageEntity, { id }, patch);
  }

  async clearMentions(tx: Tx, messageId: string): Promise<void> {
    await tx.manager.delete(MessageMentionEntity, { messageId });
  }

  /** Whether the reaction is new (false when the person had already reacted so). */
  async addReaction(tx: Tx, messageId: string, userId: string, emoji: string): Promise<boolean> {
    const result = await tx.manager
      .createQueryBuilder()
      .insert()
      .into(MessageReactionEntity)
      .values({ messageId, userId, emoji })
      .orIgnore()
      .returning(['messageId'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  /** Whether there was such a reaction to take back. */
  async removeReaction(tx: Tx, messageId: string, userId: string, emoji: string): Promise<boolean> {
    const result = await tx.manager.delete(MessageReactionEntity, { messageId, userId, emoji });
    return (result.affected ?? 0) > 0;
  }

  /**
   * The room's messages whose last change is numbered above `after` and at most `upTo`, in change
   * order: each message once, as it is now.
   */
  async changedSince(roomId: string, after: string, upTo: string, limit: number): Promise<MessageEntity[]> {
    return this.messages
      .createQueryBuilder('m')
      .where('m.room_id = :roomId', { roomId })
      .andWhere('m.change_seq > :after AND m.change_seq <= :upTo', { after, upTo })
      .orderBy('m.change_seq', 'ASC')
      .limit(limit)
      .getMany();
  }

  async reactionsOf(messageIds: string[]): Promise<MessageReactionEntity[]> {
    return messageIds.length === 0
      ? []
      : this.reactions.find({ where: { messageId: In(messageIds) }, order: { createdAt: 'ASC' } });
  }

  /** Members (other than the sender) whose read marker has reached the message. */
  async readers(roomId: string, seq: string, senderId: string | null): Promise<Reader[]> {
    const rows: Array<{ user_id: string; display_name: string }> = await this.messages.query(
      `SELECT u.id AS user_id, u.display_name FROM room_members m JOIN users u ON u.id = m.user_id
        WHERE m.room_id = $1 AND m.last_read_seq >= $2 AND m.user_id IS DISTINCT FROM $3 ORDER BY u.display_name`,
      [roomId, seq, senderId],
    );
    return rows.map((r) => ({ userId: r.user_id, displayName: r.display_name }));
  }

  /**
   * Substring search (so 협업 is found inside 부처간협업과제) over the rooms the user is in; the
   * trigram index serves it. LIKE wildcards in the term are escaped.
   */
  async search(userId: string, term: string, limit: number, roomId?: string): Promise<MessageEntity[]> {
    const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const qb = this.messages
      .createQueryBuilder('m')
      .innerJoin('room_members', 'rm', 'rm.room_id = m.room_id AND rm.user_id = :userId', { userId })
      .where('m.deleted_at IS NULL')
      .andWhere('m.body ILIKE :pattern', { pattern });
    if (roomId) qb.andWhere('m.room_id = :roomId', { roomId });
    return qb.orderBy('m.created_at', 'DESC').limit(limit).getMany();
  }
}
