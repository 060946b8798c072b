import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { MatrixEventLinkEntity, type MatrixDirection } from './matrix-event-link.entity.js';
import { MatrixRoomLinkEntity } from './matrix-room-link.entity.js';

/** An Ieum message as the outbound lane reads it. */
export interface LaneMessage {
  id: string;
  seq: string;
  senderId: string | null;
  kind: string;
  body: string;
  threadRootId: string | null;
  editedAt: Date | null;
  deletedAt: Date | null;
  hasFiles: boolean;
}

/** A carried message whose edit or deletion has not reached Matrix yet. */
export interface PendingChange {
  messageId: string;
  matrixEventId: string;
  matrixSender: string;
  senderId: string | null;
  body: string;
  editedAt: Date | null;
  deletedAt: Date | null;
}

interface MessageRow {
  id: string;
  seq: string;
  sender_id: string | null;
  kind: string;
  body: string;
  thread_root_id: string | null;
  edited_at: Date | null;
  deleted_at: Date | null;
  has_files: boolean;
}

@Injectable()
export class MatrixRepository {
  constructor(
    @InjectRepository(MatrixRoomLinkEntity) private readonly links: Repository<MatrixRoomLinkEntity>,
    @InjectRepository(MatrixEventLinkEntity) private readonly events: Repository<MatrixEventLinkEntity>,
  ) {}

  async linkOf(roomId: string): Promise<MatrixRoomLinkEntity | null> {
    return this.links.findOneBy({ roomId });
  }

  async linkByMatrixRoom(matrixRoomId: string): Promise<MatrixRoomLinkEntity | null> {
    return this.links.findOneBy({ matrixRoomId });
  }

  /** Links a room from now on: what was said before the link stays on its side (the lane starts at the room's last message). */
  async createLink(row: {
    roomId: string;
    matrixRoomId: string;
    matrixAlias: string | null;
    linkedBy: string;
  }): Promise<boolean> {
    const inserted: unknown[] = await this.links.query(
      `INSERT INTO matrix_room_links (room_id, matrix_room_id, matrix_alias, linked_by, sent_seq)
       SELECT r.id, $2, $3, $4, r.last_seq FROM rooms r WHERE r.id = $1
       ON CONFLICT DO NOTHING RETURNING room_id`,
      [row.roomId, row.matrixRoomId, row.matrixAlias, row.linkedBy],
    );
    return inserted.length > 0;
  }

  async deleteLink(roomId: string): Promise<boolean> {
    const [, affected] = await this.links.query<[unknown[], number]>(
      `DELETE FROM matrix_room_links WHERE room_id = $1`,
      [roomId],
    );
    return affected > 0;
  }

  /** Whether any room is linked, for a change hook to skip the lookup in a deployment without links. */
  async linkedRoomIds(): Promise<string[]> {
    const rows: Array<{ room_id: string }> = await this.links.query(`SELECT room_id FROM matrix_room_links`);
    return rows.map((r) => r.room_id);
  }

  async transactionSeen(txnId: string): Promise<boolean> {
    const rows: unknown[] = await this.links.query(`SELECT 1 FROM matrix_transactions WHERE txn_id = $1`, [txnId]);
    return rows.length > 0;
  }

  async recordTransaction(txnId: string): Promise<void> {
    await this.links.query(`INSERT INTO matrix_transactions (txn_id) VALUES ($1) ON CONFLICT DO NOTHING`, [txnId]);
  }

  async eventLinkByEvent(matrixEventId: string): Promise<MatrixEventLinkEntity | null> {
    return this.events.findOneBy({ matrixEventId });
  }

  async eventLinkByMessage(messageId: string): Promise<MatrixEventLinkEntity | null> {
    return this.events.findOneBy({ messageId });
  }

  async insertEventLink(row: {
    messageId: string;
    roomId: string;
    matrixEventId: string;
    direction: MatrixDirection;
    matrixSender: string;
    syncedEditAt?: Date | null;
  }): Promise<void> {
    await this.events.query(
      `INSERT INTO matrix_event_links (message_id, room_id, matrix_event_id, direction, matrix_sender, synced_edit_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [row.messageId, row.roomId, row.matrixEventId, row.direction, row.matrixSender, row.syncedEditAt ?? null],
    );
  }

  async markRedacted(messageId: string): Promise<void> {
    await this.events.query(
      `UPDATE matrix_event_links SET redacted_at = now() WHERE message_id = $1 AND redacted_at IS NULL`,
      [messageId],
    );
  }

  async markEditSynced(messageId: string, editedAt: Date): Promise<void> {
    await this.events.query(
      `UPDATE matrix_event_links SET synced_edit_at = GREATEST(coalesce(synced_edit_at, '-infinity'), $2) WHERE message_id = $1`,
      [messageId, editedAt],
    );
  }

  /** The room's messages after `seq`, in order. */
  async messagesAfter(roomId: string, seq: string, limit: number): Promise<LaneMessage[]> {
    const rows: MessageRow[] = await this.links.query(
      // Ordered by the number, not by the text it is handed out as ('10' < '7').
      `SELECT m.id, m.seq::text AS seq, m.sender_id, m.kind, m.body, m.thread_root_id, m.edited_at, m.deleted_at,
              EXISTS (SELECT 1 FROM files f WHERE f.message_id = m.id) AS has_files
       FROM messages m WHERE m.room_id = $1 AND m.seq > $2 ORDER BY m.seq LIMIT $3`,
      [roomId, seq, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      seq: r.seq,
      senderId: r.sender_id,
      kind: r.kind,
      body: r.body,
      threadRootId: r.thread_root_id,
      editedAt: r.edited_at,
      deletedAt: r.deleted_at,
      hasFiles: r.has_files,
    }));
  }

  /** Messages this lane carried out whose later edit or deletion has not been carried yet, oldest change first. */
  async pendingChanges(roomId: string, limit: number): Promise<PendingChange[]> {
    const rows: Array<{
      message_id: string;
      matrix_event_id: string;
      matrix_sender: string;
      sender_id: string | null;
      body: string;
      edited_at: Date | null;
      deleted_at: Date | null;
    }> = await this.events.query(
      `SELECT l.message_id, l.matrix_event_id, l.matrix_sender, m.sender_id, m.body, m.edited_at, m.deleted_at
       FROM matrix_event_links l JOIN messages m ON m.id = l.message_id
       WHERE l.room_id = $1 AND l.direction = 'out' AND l.redacted_at IS NULL
         AND (m.deleted_at IS NOT NULL OR (m.edited_at IS NOT NULL AND m.edited_at > coalesce(l.synced_edit_at, '-infinity')))
       ORDER BY coalesce(m.deleted_at, m.edited_at), m.seq LIMIT $2`,
      [roomId, limit],
    );
    return rows.map((r) => ({
      messageId: r.message_id,
      matrixEventId: r.matrix_event_id,
      matrixSender: r.matrix_sender,
      senderId: r.sender_id,
      body: r.body,
      editedAt: r.edited_at,
      deletedAt: r.deleted_at,
    }));
  }

  /** Moves the lane past `seq` (never back: two runs of one lane may overlap). */
  async advance(roomId: string, seq: string, sent: boolean): Promise<void> {
    await this.links.query(
      `UPDATE matrix_room_links SET sent_seq = GREATEST(sent_seq, $2::bigint), last_sent_at = CASE WHEN $3 THEN now() ELSE last_sent_at END WHERE room_id = $1`,
      [roomId, seq, sent],
    );
  }

  /** Parks the lane for `delayMs` (measured by the database's clock); answers how many failures in a row it has now. */
  async park(roomId: string, delayMs: number, error: string): Promise<Date | null> {
    const rows: Array<{ parked_until: Date }> = await this.links.query(
      `UPDATE matrix_room_links SET parked_until = now() + ($2::int * interval '1 millisecond'), failures = failures + 1, last_error = $3
       WHERE room_id = $1 RETURNING parked_until`,
      [roomId, Math.round(delayMs), error.slice(0, 500)],
    );
    return rows[0]?.parked_until ?? null;
  }

  async clearPark(roomId: string): Promise<void> {
    await this.links.query(
      `UPDATE matrix_room_links SET parked_until = NULL, failures = 0, last_error = NULL WHERE room_id = $1 AND (parked_until IS NOT NULL OR failures > 0)`,
      [roomId],
    );
  }

  /** Whether the lane is parked right now, by the database's clock. */
  async parkedFor(roomId: string): Promise<number | null> {
    const rows: Array<{ ms: string }> = await this.links.query(
      `SELECT ceil(extract(epoch FROM (parked_until - now())) * 1000)::bigint::text AS ms FROM matrix_room_links WHERE room_id = $1 AND parked_until > now()`,
      [roomId],
    );
    return rows[0] ? Number(rows[0].ms) : null;
  }

  /** Linked rooms with something left to carry (messages, changes, reactions made or taken back) whose lane is not parked. */
  async roomsWithWork(limit: number, botUserId: string): Promise<string[]> {
    const rows: Array<{ room_id: string }> = await this.links.query(
      `SELECT l.room_id FROM matrix_room_links l JOIN rooms r ON r.id = l.room_id
       WHERE (l.parked_until IS NULL OR l.parked_until <= now())
         AND (r.last_seq > l.sent_seq OR EXISTS (
           SELECT 1 FROM matrix_event_links e JOIN messages m ON m.id = e.message_id
           WHERE e.room_id = l.room_id AND e.direction = 'out' AND e.redacted_at IS NULL
             AND (m.deleted_at IS NOT NULL OR (m.edited_at IS NOT NULL AND m.edited_at > coalesce(e.synced_edit_at, '-infinity'))))
         OR EXISTS (
           SELECT 1 FROM message_reactions x JOIN matrix_event_links e ON e.message_id = x.message_id AND e.redacted_at IS NULL
           WHERE e.room_id = l.room_id AND x.user_id <> $2
             AND NOT EXISTS (SELECT 1 FROM matrix_reaction_links k WHERE k.message_id = x.message_id AND k.user_id = x.user_id AND k.emoji = x.emoji AND k.direction = 'out' AND k.redacted_at IS NULL))
         OR EXISTS (
           SELECT 1 FROM matrix_reaction_links k WHERE k.room_id = l.room_id AND k.direction = 'out' AND k.redacted_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM message_reactions x WHERE x.message_id = k.message_id AND x.user_id = k.user_id AND x.emoji = k.emoji)))
       LIMIT $1`,
      [limit, botUserId],
    );
    return rows.map((r) => r.room_id);
  }

  /** How many of the room's messages wait for the lane. */
  async backlog(roomId: string): Promise<number> {
    const rows: Array<{ n: string }> = await this.links.query(
      `SELECT (r.last_seq - l.sent_seq)::text AS n FROM matrix_room_links l JOIN rooms r ON r.id = l.room_id WHERE l.room_id = $1`,
      [roomId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** The name a puppet shows: "이름 (기관)". */
  async senderName(userId: string): Promise<string | null> {
    const rows: Array<{ display_name: string; agency: string | null }> = await this.links.query(
      `SELECT u.display_name, a.name AS agency FROM users u LEFT JOIN agencies a ON a.id = u.agency_id WHERE u.id = $1`,
      [userId],
    );
    const row = rows[0];
    if (!row) return null;
    return row.agency ? `${row.display_name} (${row.agency})` : row.display_name;
  }

  async puppetName(userId: string): Promise<string | null> {
    const rows: Array<{ display_name: string }> = await this.links.query(
      `SELECT display_name FROM matrix_puppets WHERE user_id = $1`,
      [userId],
    );
    return rows[0]?.display_name ?? null;
  }

  async savePuppet(userId: string, matrixUserId: string, displayName: string): Promise<void> {
    await this.links.query(
      `INSERT INTO matrix_puppets (user_id, matrix_user_id, display_name) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name, updated_at = now()`,
      [userId, matrixUserId, displayName],
    );
  }

  async puppetJoined(roomId: string, userId: string, matrixRoomId: string): Promise<boolean> {
    const rows: unknown[] = await this.links.query(
      `SELECT 1 FROM matrix_puppet_rooms WHERE room_id = $1 AND user_id = $2 AND matrix_room_id = $3`,
      [roomId, userId, matrixRoomId],
    );
    return rows.length > 0;
  }

  async recordPuppetJoin(roomId: string, userId: string, matrixRoomId: string): Promise<void> {
    await this.links.query(
      `INSERT INTO matrix_puppet_rooms (room_id, user_id, matrix_room_id) VALUES ($1, $2, $3)
       ON CONFLICT (room_id, user_id) DO UPDATE SET matrix_room_id = excluded.matrix_room_id`,
      [roomId, userId, matrixRoomId],
    );
  }

  async remoteName(matrixUserId: string): Promise<string | null> {
    const rows: Array<{ display_name: string | null }> = await this.links.query(
      `SELECT display_name FROM matrix_remote_users WHERE matrix_user_id = $1`,
      [matrixUserId],
    );
    return rows[0]?.display_name ?? null;
  }

  async saveRemoteName(matrixUserId: string, displayName: string | null): Promise<void> {
    await this.links.query(
      `INSERT INTO matrix_remote_users (matrix_user_id, display_name) VALUES ($1, $2)
       ON CONFLICT (matrix_user_id) DO UPDATE SET display_name = excluded.display_name, updated_at = now()`,
      [matrixUserId, displayName],
    );
  }
}
