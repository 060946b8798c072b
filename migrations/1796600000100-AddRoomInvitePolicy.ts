import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Who may invite people into a room: its owners (the default), or any member. */
export class AddRoomInvitePolicy1796600000100 implements MigrationInterface {
  name = 'AddRoomInvitePolicy1796600000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE rooms ADD COLUMN invite_policy varchar(16) NOT NULL DEFAULT 'managers'`);
    await db.query(
      `ALTER TABLE rooms ADD CONSTRAINT ck_rooms_invite_policy CHECK (invite_policy IN ('managers','members'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE rooms DROP CONSTRAINT ck_rooms_invite_policy`);
    await db.query(`ALTER TABLE rooms DROP COLUMN invite_policy`);
  }
}
