import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';

export interface DigestItem {
  userId: string;
  messageId: string;
  roomId: string;
  roomName: string | null;
  roomKind: string;
  /** The thread the message is in: its root, or the message itself. */
  threadRootId: string;
  senderName: string | null;
  body: string;
  createdAt: Date;
}

const ITEM_COLUMNS = `rm.user_id AS "userId", m.id AS "messageId", m.room_id AS "roomId", r.name AS "roomName", r.kind AS "roomKind",
         coalesce(m.thread_root_id, m.id) AS "threadRootId", s.display_name AS "senderName", m.body AS body, m.created_at AS "createdAt"`;
const STILL_PENDING = `m.seq > rm.last_read_seq AND m.deleted_at IS NULL AND m.sender_id IS DISTINCT FROM rm.user_id
    AND m.created_at > coalesce(d.through_at, '-infinity'::timestamptz)`;
const RECIPIENT = `JOIN users u ON u.id = rm.user_id AND u.email IS NOT NULL AND u.disabled_at IS NULL AND u.kind <> 'bot'
  LEFT JOIN notification_digests d ON d.user_id = rm.user_id`;

/**
 * Unread items that deserve a mail: messages in someone's direct rooms, and messages that mention
 * them elsewhere, past their read marker and past their last digest. Two branches, each reached
 * from where the items are (a direct room's unread tail by (room_id, seq), a person's mentions by
 * user), so a sweep costs what is pending in those, never what is unread in every group room:
 * people who never read a busy room would otherwise make every sweep read its whole history.
 */
export const PENDING = `
  SELECT ${ITEM_COLUMNS}
  FROM rooms r
  JOIN room_members rm ON rm.room_id = r.id
  ${RECIPIENT}
  JOIN messages m ON m.room_id = r.id
  LEFT JOIN users s ON s.id = m.sender_id
  WHERE r.kind = 'direct' AND ${STILL_PENDING}
  UNION ALL
  SELECT ${ITEM_COLUMNS}
  FROM message_mentions mm
  JOIN messages m ON m.id = mm.message_id
  JOIN room_members rm ON rm.room_id = m.room_id AND rm.user_id = mm.user_id
  ${RECIPIENT}
  JOIN rooms r ON r.id = m.room_id AND r.kind <> 'direct'
  LEFT JOIN users s ON s.id = m.sender_id
  WHERE ${STILL_PENDING}`;

/** People whose oldest undigested item has waited since before $1, oldest first, at most $2. */
export const DUE_USERS = `SELECT "userId" FROM (${PENDING}) p GROUP BY "userId" HAVING min("createdAt") <= $1 ORDER BY min("createdAt") LIMIT $2`;

@Injectable()
export class DigestRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** People whose oldest undigested item has waited since before `cutoff`. */
  async dueUsers(cutoff: Date, limit: number): Promise<string[]> {
    const rows: Array<{ userId: string }> = await this.db.query(DUE_USERS, [cutoff, limit]);
    return rows.map((r) => r.userId);
  }

  /** Serialises digests of one person across sweeps and workers, until the transaction ends. */
  async lock(tx: Tx, userId: string): Promise<void> {
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('ieum-digest:' || $1))`, [userId]);
  }

  async pendingFor(tx: Tx, userId: string, limit: number): Promise<DigestItem[]> {
    return tx.manager.query(`SELECT * FROM (${PENDING}) p WHERE "userId" = $1 ORDER BY "createdAt" LIMIT $2`, [
      userId,
      limit,
    ]);
  }

  async countPendingFor(tx: Tx, userId: string): Promise<number> {
    const rows: Array<{ n: string }> = await tx.manager.query(
      `SELECT count(*) AS n FROM (${PENDING}) p WHERE "userId" = $1`,
      [userId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Marks through the newest of these messages, read from PostgreSQL: a JS Date would drop its microseconds. */
  async advance(tx: Tx, userId: string, messageIds: string[]): Promise<void> {
    await tx.manager.query(
      `INSERT INTO notification_digests (user_id, through_at, last_sent_at)
       SELECT $1, max(created_at), now() FROM messages WHERE id = ANY($2::uuid[])
       ON CONFLICT (user_id) DO UPDATE SET through_at = greatest(notification_digests.through_at, excluded.through_at), last_sent_at = excluded.last_sent_at`,
      [userId, messageIds],
    );
  }
}
