import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A change feed per room: every change to a message (created, edited, deleted, a reaction added
 * or taken back) takes the room's next change number, so a client that was away reads exactly
 * what changed since the number it last saw. Existing messages count as changed when created.
 */
export class AddRoomChangeFeed1796600000001 implements MigrationInterface {
  name = 'AddRoomChangeFeed1796600000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE rooms ADD COLUMN last_change_seq bigint NOT NULL DEFAULT 0`);
    await db.query(`ALTER TABLE messages ADD COLUMN change_seq bigint NOT NULL DEFAULT 0`);
    await db.query(`UPDATE messages SET change_seq = seq`);
    await db.query(`UPDATE rooms SET last_change_seq = last_seq`);
    await db.query(`CREATE UNIQUE INDEX uq_messages_room_change_seq ON messages (room_id, change_seq)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX uq_messages_room_change_seq`);
    await db.query(`ALTER TABLE messages DROP COLUMN change_seq`);
    await db.query(`ALTER TABLE rooms DROP COLUMN last_change_seq`);
  }
}
