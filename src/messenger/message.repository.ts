import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { MessageMentionEntity } from './message-mention.entity.js';
import { MessageReactionEntity } from './message-reaction.entity.js';
import { MessageEntity } from './message.entity.js';
import type { MessageKind } from './messenger.types.js';

export interface NewMessage {
  roomId: string;
  seq: string;
  senderId: string | null;
  clientMessageId: string | null;
  kind: MessageKind;
  body: string;
  threadRootId: string | null;
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

@Injectable()
export class MessageRepository {
  constructor(
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
    @InjectRepository(MessageReactionEntity) private readonly reactions: Repository<MessageReactionEntity>,
  ) {}

  async findById(id: string): Promise<MessageEntity | null> {
    return this.messages.findOneBy({ id });
  }

  async findByClientId(senderId: string, clientMessageId: string): Promise<MessageEntity | null> {
    return this.messages.findOneBy({ senderId, clientMessageId });
  }

  async insert(tx: Tx, message: NewMessage): Promise<MessageEntity> {
    return tx.manager.save(tx.manager.create(MessageEntity, { ...message, replyCount: 0, editedAt: null, deletedAt: null }));
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
    return messageIds.length === 0 ? [] : this.messages.manager.find(MessageMentionEntity, { where: { messageId: In(messageIds) } });
  }

  async bumpReplies(tx: Tx, rootId: string): Promise<void> {
    await tx.manager.increment(MessageEntity, { id: rootId }, 'replyCount', 1);
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

  async update(tx: Tx, id: string, patch: Partial<Pick<MessageEntity, 'body' | 'editedAt' | 'deletedAt'>>): Promise<void> {
    await tx.manager.update(MessageEntity, { id }, patch);
  }

  async clearMentions(tx: Tx, messageId: string): Promise<void> {
    await tx.manager.delete(MessageMentionEntity, { messageId });
  }

  async addReaction(messageId: string, userId: string, emoji: string): Promise<void> {
    await this.reactions.createQueryBuilder().insert().into(MessageReactionEntity).values({ messageId, userId, emoji }).orIgnore().execute();
  }

  async removeReaction(messageId: string, userId: string, emoji: string): Promise<void> {
    await this.reactions.delete({ messageId, userId, emoji });
  }

  async reactionsOf(messageIds: string[]): Promise<MessageReactionEntity[]> {
    return messageIds.length === 0 ? [] : this.reactions.find({ where: { messageId: In(messageIds) }, order: { createdAt: 'ASC' } });
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
