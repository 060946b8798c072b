import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { MemberRole, RoomKind } from './messenger.types.js';
import { RoomMemberEntity } from './room-member.entity.js';
import { RoomEntity } from './room.entity.js';

export interface AgencyRoomChange {
  roomId: string;
  userId: string;
}

export interface RoomSummaryRow {
  id: string;
  kind: RoomKind;
  name: string | null;
  topic: string | null;
  agencyId: string | null;
  archivedAt: Date | null;
  lastSeq: string;
  /** The room's last change number: where a client reading its change feed starts. */
  lastChangeSeq: string;
  lastMessageAt: Date | null;
  lastReadSeq: string;
  unread: number;
  mentions: number;
  /** A direct room's other person (oneself in a room with oneself), by whom the room is named; null for other rooms. */
  peer: { id: string; displayName: string; agencyName: string | null } | null;
}

@Injectable()
export class RoomRepository {
  constructor(
    @InjectRepository(RoomEntity) private readonly rooms: Repository<RoomEntity>,
    @InjectRepository(RoomMemberEntity) private readonly members: Repository<RoomMemberEntity>,
  ) {}

  async findById(id: string): Promise<RoomEntity | null> {
    return this.rooms.findOneBy({ id });
  }

  async findDirect(directKey: string): Promise<RoomEntity | null> {
    return this.rooms.findOneBy({ directKey });
  }

  async insert(
    tx: Tx,
    room: Pick<RoomEntity, 'kind' | 'name' | 'topic' | 'agencyId' | 'directKey' | 'createdBy'>,
  ): Promise<RoomEntity> {
    return tx.manager.save(tx.manager.create(RoomEntity, room));
  }

  async update(
    tx: Tx | undefined,
    id: string,
    patch: Partial<Pick<RoomEntity, 'name' | 'topic' | 'archivedAt' | 'invitePolicy'>>,
  ): Promise<void> {
    await (tx ? tx.manager.getRepository(RoomEntity) : this.rooms).update({ id }, patch);
  }

  /**
   * The room's next change number, for a change to one of its messages. The row stays locked
   * until the transaction ends, so no reader sees a number before every smaller one has committed.
   */
  async nextChangeSeq(tx: Tx, roomId: string): Promise<string> {
    const result = await tx.manager
      .createQueryBuilder()
      .update(RoomEntity)
      .set({ lastChangeSeq: () => 'last_change_seq + 1' })
      .where('id = :roomId', { roomId })
      .returning('last_change_seq')
      .execute();
    const changeSeq = (result.raw as Array<{ last_change_seq: string }>)[0]?.last_change_seq;
    if (changeSeq === undefined) throw new Error(`room ${roomId} vanished`);
    return String(changeSeq);
  }

  /** The last change number handed out in the room; null when there is no such room. */
  async lastChangeSeq(roomId: string): Promise<string | null> {
    const room = await this.rooms.findOne({ select: { id: true, lastChangeSeq: true }, where: { id: roomId } });
    return room ? String(room.lastChangeSeq) : null;
  }

  async addMembers(
    tx: Tx | undefined,
    roomId: string,
    userIds: string[],
    role: MemberRole = MemberRole.Member,
  ): Promise<string[]> {
    if (userIds.length === 0) return [];
    const result = await (tx ? tx.manager : this.members.manager)
      .createQueryBuilder()
      .insert()
      .into(RoomMemberEntity)
      .values(userIds.map((userId) => ({ roomId, userId, role })))
      .orIgnore()
      .returning(['userId'])
      .execute();
    return (result.raw as Array<{ user_id: string }>).map((r) => r.user_id);
  }

  async removeMember(roomId: string, userId: string): Promise<boolean> {
    const result = await this.members.delete({ roomId, userId });
    return (result.affected ?? 0) > 0;
  }

  async membership(roomId: string, userId: string): Promise<RoomMemberEntity | null> {
    return this.members.findOneBy({ roomId, userId });
  }

  async memberIds(roomId: string): Promise<string[]> {
    return (await this.members.find({ select: { userId: true }, where: { roomId } })).map((m) => m.userId);
  }

  async countMembers(roomId: string): Promise<number> {
    return this.members.countBy({ roomId });
  }

  async roomIdsOf(userId: string): Promise<string[]> {
    return (await this.members.find({ select: { roomId: true }, where: { userId } })).map((m) => m.roomId);
  }

  /**
   * Agency rooms follow the directory: every active public servant sits in their agency's room
   * (made when missing) and in no other agency's, and nobody else sits in any. For the given
   * people, or for everyone. Someone added starts with the room's history read.
   */
  async reconcileAgencyRooms(
    userIds: string[] | null,
  ): Promise<{ added: AgencyRoomChange[]; removed: AgencyRoomChange[] }> {
    return this.members.manager.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO rooms (kind, agency_id, name)
         SELECT DISTINCT 'agency', a.id, a.name FROM users u JOIN agencies a ON a.id = u.agency_id
          WHERE u.kind = 'staff' AND u.disabled_at IS NULL AND ($1::uuid[] IS NULL OR u.id = ANY($1))
         ON CONFLICT (agency_id) WHERE kind = 'agency' DO NOTHING`,
        [userIds],
      );
      const added: AgencyRoomChange[] = await manager.query(
        `INSERT INTO room_members (room_id, user_id, role, last_read_seq)
         SELECT r.id, u.id, 'member', r.last_seq FROM users u JOIN rooms r ON r.kind = 'agency' AND r.agency_id = u.agency_id
          WHERE u.kind = 'staff' AND u.disabled_at IS NULL AND ($1::uuid[] IS NULL OR u.id = ANY($1))
         ON CONFLICT (room_id, user_id) DO NOTHING
         RETURNING room_id AS "roomId", user_id AS "userId"`,
        [userIds],
      );
      // TypeORM answers a DELETE with [rows, count].
      const [removed]: [AgencyRoomChange[], number] = await manager.query(
        `DELETE FROM room_members m USING rooms r, users u
          WHERE r.id = m.room_id AND u.id = m.user_id AND r.kind = 'agency'
            AND (u.kind <> 'staff' OR u.disabled_at IS NOT NULL OR u.agency_id IS DISTINCT FROM r.agency_id)
            AND ($1::uuid[] IS NULL OR m.user_id = ANY($1))
         RETURNING m.room_id AS "roomId", m.user_id AS "userId"`,
        [userIds],
      );
      return { added, removed };
    });
  }

  async findByIds(ids: string[]): Promise<RoomEntity[]> {
    return ids.length === 0 ? [] : this.rooms.findBy({ id: In(ids) });
  }

  async markRead(roomId: string, userId: string, seq: string): Promise<string | null> {
    const result = await this.members
      .createQueryBuilder()
      .update(RoomMemberEntity)
      .set({
        lastReadSeq: () =>
          'GREATEST(last_read_seq, LEAST(CAST(:seq AS bigint), (SELECT last_seq FROM rooms WHERE id = :roomId)))',
      })
      .where('room_id = :roomId AND user_id = :userId', { roomId, userId, seq })
      .returning('last_read_seq')
      .execute();
    const row = (result.raw as Array<{ last_read_seq: string }>)[0];
    return row ? String(row.last_read_seq) : null;
  }

  /** My rooms, newest activity first, with unread messages from others and unread mentions. */
  async listForUser(userId: string): Promise<RoomSummaryRow[]> {
    const rows: Array<Record<string, unknown>> = await this.members.query(
      `SELECT r.id, r.kind, r.name, r.topic, r.agency_id, r.archived_at, r.last_seq::text, r.last_change_seq::text, r.last_message_at, m.last_read_seq::text,
              (SELECT count(*) FROM messages x WHERE x.room_id = r.id AND x.seq > m.last_read_seq
                  AND x.deleted_at IS NULL AND x.sender_id IS DISTINCT FROM $1)::int AS unread,
              (SELECT count(*) FROM messages x JOIN message_mentions mm ON mm.message_id = x.id AND mm.user_id = $1
                WHERE x.room_id = r.id AND x.seq > m.last_read_seq AND x.deleted_at IS NULL)::int AS mentions,
              p.id AS peer_id, p.display_name AS peer_name, p.agency_name AS peer_agency
         FROM room_members m JOIN rooms r ON r.id = m.room_id
         LEFT JOIN LATERAL (
           SELECT u.id, u.display_name, a.name AS agency_name
             FROM room_members o JOIN users u ON u.id = o.user_id LEFT JOIN agencies a ON a.id = u.agency_id
            WHERE o.room_id = r.id AND r.kind = 'direct'
            ORDER BY o.user_id = $1
            LIMIT 1
         ) p ON true
        WHERE m.user_id = $1
        ORDER BY r.archived_at IS NOT NULL, r.last_message_at DESC NULLS LAST, r.created_at DESC`,
      [userId],
    );
    return rows.map((r) => ({
      id: r['id'] as string,
      kind: r['kind'] as RoomKind,
      name: r['name'] as string | null,
      topic: r['topic'] as string | null,
      agencyId: r['agency_id'] as string | null,
      archivedAt: r['archived_at'] as Date | null,
      lastSeq: r['last_seq'] as string,
      lastChangeSeq: r['last_change_seq'] as string,
      lastMessageAt: r['last_message_at'] as Date | null,
      lastReadSeq: r['last_read_seq'] as string,
      unread: r['unread'] as number,
      mentions: r['mentions'] as number,
      peer: r['peer_id']
        ? {
            id: r['peer_id'] as string,
            displayName: r['peer_name'] as string,
            agencyName: r['peer_agency'] as string | null,
          }
        : null,
    }));
  }

  async usersInRoomOfAgencies(roomId: string, agencyIds: string[]): Promise<string[]> {
    if (agencyIds.length === 0) return [];
    const rows: Array<{ user_id: string }> = await this.members.query(
      `SELECT m.user_id FROM room_members m JOIN users u ON u.id = m.user_id WHERE m.room_id = $1 AND u.agency_id = ANY($2::uuid[])`,
      [roomId, agencyIds],
    );
    return rows.map((r) => r.user_id);
  }

  async membersWithUsers(roomId: string): Promise<RoomMemberEntity[]> {
    return this.members.find({ where: { roomId }, relations: { user: { agency: true } }, order: { joinedAt: 'ASC' } });
  }

  async membershipsOf(roomIds: string[], userId: string): Promise<RoomMemberEntity[]> {
    return roomIds.length === 0 ? [] : this.members.findBy({ roomId: In(roomIds), userId });
  }

  /** Rooms of this member whose name matches, case- and width-insensitively. */
  async findMemberRoomsByName(userId: string, name: string): Promise<RoomEntity[]> {
    return this.rooms
      .createQueryBuilder('r')
      .innerJoin(RoomMemberEntity, 'm', 'm.room_id = r.id AND m.user_id = :userId', { userId })
      .where('lower(r.name) = lower(:name)', { name })
      .andWhere('r.archived_at IS NULL')
      .limit(5)
      .getMany();
  }
}
