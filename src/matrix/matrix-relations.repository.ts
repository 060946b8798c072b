import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MatrixDirection } from './matrix-event-link.entity.js';

/** A room file on a message the lane carries. */
export interface LaneFile {
  fileId: string;
  name: string;
  contentType: string;
  size: number;
  /** The media it became on Matrix, once uploaded (so a retried run does not upload again). */
  mxcUri: string | null;
  matrixEventId: string | null;
}

/** An Ieum reaction, on a carried message, that Matrix has not seen yet. */
export interface PendingReaction {
  messageId: string;
  userId: string;
  emoji: string;
  /** When it was made: a reaction taken back and made again is a new event. */
  createdAt: Date;
  matrixEventId: string;
}

/** A reaction carried to Matrix whose Ieum reaction is gone: its event is to be redacted. */
export interface WithdrawnReaction {
  matrixEventId: string;
  matrixSender: string;
}

/** An Ieum user one of our puppets stands for, as a Matrix mention names them. */
export interface MentionedPuppet {
  matrixUserId: string;
  userId: string;
  login: string;
  displayName: string;
}

/**
 * What the bridge keeps beside messages: the media each file became on the other side, and each
 * reaction carried as its own Matrix event (m.annotation), so that taking it back redacts exactly it.
 */
@Injectable()
export class MatrixRelationsRepository {
  constructor(private readonly db: DataSource) {}

  async filesOf(messageId: string): Promise<LaneFile[]> {
    const rows: Array<{
      id: string;
      name: string;
      content_type: string;
      size: string;
      mxc_uri: string | null;
      matrix_event_id: string | null;
    }> = await this.db.query(
      `SELECT f.id, f.name, f.content_type, f.size::text AS size, l.mxc_uri, l.matrix_event_id
       FROM files f LEFT JOIN matrix_file_links l ON l.file_id = f.id WHERE f.message_id = $1 ORDER BY f.created_at, f.id`,
      [messageId],
    );
    return rows.map((r) => ({
      fileId: r.id,
      name: r.name,
      contentType: r.content_type,
      size: Number(r.size),
      mxcUri: r.mxc_uri,
      matrixEventId: r.matrix_event_id,
    }));
  }

  async saveFileLink(row: {
    fileId: string;
    messageId: string;
    direction: MatrixDirection;
    mxcUri: string;
    matrixEventId: string | null;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO matrix_file_links (file_id, message_id, direction, mxc_uri, matrix_event_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (file_id) DO UPDATE SET matrix_event_id = coalesce(excluded.matrix_event_id, matrix_file_links.matrix_event_id)`,
      [row.fileId, row.messageId, row.direction, row.mxcUri, row.matrixEventId],
    );
  }

  /** The events a message's files went out as, beside the message's own event. */
  async fileEventsOf(messageId: string, except: string): Promise<Array<{ fileId: string; matrixEventId: string }>> {
    const rows: Array<{ file_id: string; matrix_event_id: string }> = await this.db.query(
      `SELECT file_id, matrix_event_id FROM matrix_file_links WHERE message_id = $1 AND direction = 'out' AND matrix_event_id IS NOT NULL AND matrix_event_id <> $2`,
      [messageId, except],
    );
    return rows.map((r) => ({ fileId: r.file_id, matrixEventId: r.matrix_event_id }));
  }

  /** The Ieum users (staff, mentioned by a Matrix person) behind these Matrix ids, where they are our puppets. */
  async puppetsByMatrixIds(matrixUserIds: string[]): Promise<MentionedPuppet[]> {
    if (matrixUserIds.length === 0) return [];
    const rows: Array<{ matrix_user_id: string; user_id: string; login: string; display_name: string }> =
      await this.db.query(
        `SELECT p.matrix_user_id, p.user_id, u.login, p.display_name FROM matrix_puppets p JOIN users u ON u.id = p.user_id WHERE p.matrix_user_id = ANY($1)`,
        [matrixUserIds],
      );
    return rows.map((r) => ({
      matrixUserId: r.matrix_user_id,
      userId: r.user_id,
      login: r.login,
      displayName: r.display_name,
    }));
  }

  async mentionedUserIds(messageId: string): Promise<string[]> {
    const rows: Array<{ user_id: string }> = await this.db.query(
      `SELECT user_id FROM message_mentions WHERE message_id = $1`,
      [messageId],
    );
    return rows.map((r) => r.user_id);
  }

  async insertReactionLink(row: {
    matrixEventId: string;
    messageId: string;
    roomId: string;
    userId: string;
    emoji: string;
    direction: MatrixDirection;
    matrixSender: string;
  }): Promise<boolean> {
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO matrix_reaction_links (matrix_event_id, message_id, room_id, user_id, emoji, direction, matrix_sender)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING matrix_event_id`,
      [row.matrixEventId, row.messageId, row.roomId, row.userId, row.emoji, row.direction, row.matrixSender],
    );
    return inserted.length > 0;
  }

  /** Marks a reaction carried in from Matrix redacted; answers it when it was not yet, else null. */
  async redactInboundReaction(
    matrixEventId: string,
  ): Promise<{ messageId: string; userId: string; emoji: string } | null> {
    // An UPDATE answers [rows, count] through the driver.
    const [rows]: [Array<{ message_id: string; user_id: string; emoji: string }>, number] = await this.db.query(
      `UPDATE matrix_reaction_links SET redacted_at = now() WHERE matrix_event_id = $1 AND direction = 'in' AND redacted_at IS NULL RETURNING message_id, user_id, emoji`,
      [matrixEventId],
    );
    const row = rows[0];
    return row ? { messageId: row.message_id, userId: row.user_id, emoji: row.emoji } : null;
  }

  /** A reaction carried out, now redacted on Matrix (taken back in Ieum). */
  async markReactionRedacted(matrixEventId: string): Promise<void> {
    await this.db.query(
      `UPDATE matrix_reaction_links SET redacted_at = now() WHERE matrix_event_id = $1 AND redacted_at IS NULL`,
      [matrixEventId],
    );
  }

  /** How many Matrix people still hold this reaction on the message (the bridge's one Ieum reaction stands for them all). */
  async inboundHolders(messageId: string, emoji: string): Promise<number> {
    const rows: Array<{ n: string }> = await this.db.query(
      `SELECT count(*)::text AS n FROM matrix_reaction_links WHERE message_id = $1 AND emoji = $2 AND direction = 'in' AND redacted_at IS NULL`,
      [messageId, emoji],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Ieum reactions (not the bridge's own) on the room's carried messages with no live Matrix event yet. */
  async pendingReactions(roomId: string, botUserId: string, limit: number): Promise<PendingReaction[]> {
    const rows: Array<{
      message_id: string;
      user_id: string;
      emoji: string;
      created_at: Date;
      matrix_event_id: string;
    }> = await this.db.query(
      `SELECT r.message_id, r.user_id, r.emoji, r.created_at, e.matrix_event_id
       FROM message_reactions r JOIN matrix_event_links e ON e.message_id = r.message_id AND e.redacted_at IS NULL
       WHERE e.room_id = $1 AND r.user_id <> $2
         AND NOT EXISTS (SELECT 1 FROM matrix_reaction_links x WHERE x.message_id = r.message_id AND x.user_id = r.user_id AND x.emoji = r.emoji AND x.direction = 'out' AND x.redacted_at IS NULL)
       ORDER BY r.created_at LIMIT $3`,
      [roomId, botUserId, limit],
    );
    return rows.map((r) => ({
      messageId: r.message_id,
      userId: r.user_id,
      emoji: r.emoji,
      createdAt: r.created_at,
      matrixEventId: r.matrix_event_id,
    }));
  }

  async withdrawnReactions(roomId: string, limit: number): Promise<WithdrawnReaction[]> {
    const rows: Array<{ matrix_event_id: string; matrix_sender: string }> = await this.db.query(
      `SELECT x.matrix_event_id, x.matrix_sender FROM matrix_reaction_links x
       WHERE x.room_id = $1 AND x.direction = 'out' AND x.redacted_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM message_reactions r WHERE r.message_id = x.message_id AND r.user_id = x.user_id AND r.emoji = x.emoji)
       ORDER BY x.created_at LIMIT $2`,
      [roomId, limit],
    );
    return rows.map((r) => ({ matrixEventId: r.matrix_event_id, matrixSender: r.matrix_sender }));
  }
}
