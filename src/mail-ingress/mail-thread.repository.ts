import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { MailThreadEntity } from './mail-thread.entity.js';
import { MailThreadMessageEntity } from './mail-thread-message.entity.js';

/** How many Message-IDs an outgoing References header carries: the first and the latest. */
const REFERENCES_KEPT = 20;

@Injectable()
export class MailThreadRepository {
  constructor(
    @InjectRepository(MailThreadEntity) private readonly threads: Repository<MailThreadEntity>,
    @InjectRepository(MailThreadMessageEntity) private readonly messages: Repository<MailThreadMessageEntity>,
  ) {}

  /** The room's thread that any of these Message-IDs belongs to (the most recent reference wins). */
  async findByMessageIds(roomId: string, rfcIds: string[]): Promise<MailThreadEntity | null> {
    if (rfcIds.length === 0) return null;
    const rows = await this.messages.find({ where: { rfcMessageId: In(rfcIds) }, relations: { thread: true } });
    const inRoom = rows.filter((r) => r.thread?.roomId === roomId);
    for (const id of [...rfcIds].reverse()) {
      const hit = inRoom.find((r) => r.rfcMessageId === id);
      if (hit?.thread) return hit.thread;
    }
    return null;
  }

  /** The thread a mail sent from a room (a reply) belongs to, by the Message-ID it carried. */
  async findBySentMessageId(rfcMessageId: string): Promise<MailThreadEntity | null> {
    const row = await this.messages.findOne({ where: { rfcMessageId, direction: 'out' }, relations: { thread: true } });
    return row?.thread ?? null;
  }

  async findByToken(roomId: string, token: string): Promise<MailThreadEntity | null> {
    return this.threads.findOneBy({ roomId, token });
  }

  /** The mail thread a room thread is, if any (outside a transaction). */
  async findOpenedAt(rootMessageId: string): Promise<MailThreadEntity | null> {
    return this.threads.findOneBy({ rootMessageId });
  }

  async findByRoot(tx: Tx, rootMessageId: string): Promise<MailThreadEntity | null> {
    return tx.manager.findOneBy(MailThreadEntity, { rootMessageId });
  }

  /** Opens the thread a first mail started; a retried job finds the one it opened before. */
  async open(
    tx: Tx,
    thread: Pick<
      MailThreadEntity,
      'roomId' | 'rootMessageId' | 'token' | 'subject' | 'correspondent' | 'lastInboundId'
    >,
  ): Promise<MailThreadEntity> {
    await tx.manager.createQueryBuilder().insert().into(MailThreadEntity).values(thread).orIgnore().execute();
    return tx.manager.findOneByOrFail(MailThreadEntity, { rootMessageId: thread.rootMessageId });
  }

  /** Records a Message-ID in the thread; a received one becomes what the next reply answers. */
  async record(tx: Tx, threadId: string, rfcMessageId: string, direction: 'in' | 'out'): Promise<void> {
    await tx.manager
      .createQueryBuilder()
      .insert()
      .into(MailThreadMessageEntity)
      .values({ threadId, rfcMessageId, direction })
      .orIgnore()
      .execute();
    if (direction === 'in')
      await tx.manager.update(MailThreadEntity, { id: threadId }, { lastInboundId: rfcMessageId });
  }

  /** Who signs a reply from a room, in its transaction: the person's name and agency, and the room's name. */
  async signature(
    tx: Tx,
    userId: string,
    roomId: string,
  ): Promise<{ displayName: string; agency: string | null; roomName: string | null } | null> {
    const rows = await tx.manager.query<Array<{ displayName: string; agency: string | null; roomName: string | null }>>(
      `SELECT u.display_name AS "displayName", a.name AS "agency", r.name AS "roomName"
         FROM users u LEFT JOIN agencies a ON a.id = u.agency_id, rooms r
        WHERE u.id = $1 AND r.id = $2`,
      [userId, roomId],
    );
    return rows[0] ?? null;
  }

  /** The References of a reply: the thread's Message-IDs oldest first, the first kept and the latest ones. */
  async references(tx: Tx, threadId: string): Promise<string[]> {
    const rows = await tx.manager.find(MailThreadMessageEntity, { where: { threadId }, order: { createdAt: 'ASC' } });
    const ids = rows.map((r) => r.rfcMessageId);
    return ids.length <= REFERENCES_KEPT ? ids : [ids[0] ?? '', ...ids.slice(ids.length - REFERENCES_KEPT + 1)];
  }
}
