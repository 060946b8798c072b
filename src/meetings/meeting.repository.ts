import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { MeetingAttendanceEntity } from './meeting-attendance.entity.js';
import { MeetingParticipantEntity } from './meeting-participant.entity.js';
import { MeetingReminderSendEntity } from './meeting-reminder-send.entity.js';
import { MeetingEntity } from './meeting.entity.js';
import type { InvitedVia, ParticipantRole } from './meetings.types.js';

export type NewMeeting = Pick<
  MeetingEntity,
  | 'title'
  | 'kind'
  | 'hostId'
  | 'agencyId'
  | 'startsAt'
  | 'durationMinutes'
  | 'timeZone'
  | 'recurrence'
  | 'lobby'
  | 'agenda'
  | 'videoRoom'
  | 'roomId'
  | 'reminderMinutes'
  | 'sourceKey'
> &
  Partial<Pick<MeetingEntity, 'exdates'>>;

export interface NewParticipant {
  userId: string | null;
  email: string | null;
  displayName: string;
  role: ParticipantRole;
  invitedVia: InvitedVia;
}

export interface DirectoryPerson {
  id: string;
  displayName: string;
  email: string | null;
}

@Injectable()
export class MeetingRepository {
  constructor(
    @InjectRepository(MeetingEntity) private readonly meetings: Repository<MeetingEntity>,
    @InjectRepository(MeetingParticipantEntity) private readonly participants: Repository<MeetingParticipantEntity>,
  ) {}

  /** Inserts unless a meeting with the same source key exists; returns the stored one. */
  async insertOnce(tx: Tx, meeting: NewMeeting): Promise<{ meeting: MeetingEntity; created: boolean }> {
    const result = await tx.manager
      .createQueryBuilder()
      .insert()
      .into(MeetingEntity)
      .values({ exdates: [], ...meeting, status: 'scheduled', sequence: 0 })
      .orIgnore()
      .returning('id')
      .execute();
    const id = (result.raw as Array<{ id: string }>)[0]?.id;
    if (id) return { meeting: await tx.manager.findOneByOrFail(MeetingEntity, { id }), created: true };
    if (!meeting.sourceKey) throw new Error('a meeting insert was ignored without a source key');
    return {
      meeting: await tx.manager.findOneByOrFail(MeetingEntity, { sourceKey: meeting.sourceKey }),
      created: false,
    };
  }

  async findById(id: string, tx?: Tx): Promise<MeetingEntity | null> {
    return (tx ? tx.manager.getRepository(MeetingEntity) : this.meetings).findOneBy({ id });
  }

  async findBySourceKey(sourceKey: string): Promise<MeetingEntity | null> {
    return this.meetings.findOneBy({ sourceKey });
  }

  async findByVideoRoom(videoRoom: string): Promise<MeetingEntity | null> {
    return this.meetings.findOneBy({ videoRoom });
  }

  /** The participant a video token named: a directory user's id, or a guest participant's own id. */
  async participantByOccupantId(meetingId: string, occupantId: string): Promise<MeetingParticipantEntity | null> {
    if (!/^[0-9a-f-]{36}$/i.test(occupantId)) return null;
    return this.participants
      .createQueryBuilder('p')
      .where('p.meeting_id = :meetingId AND (p.user_id = :occupantId OR (p.user_id IS NULL AND p.id = :occupantId))', {
        meetingId,
        occupantId,
      })
      .getOne();
  }

  /** Locks the meeting row for a change, so two changes raise the sequence one after the other. */
  async lock(tx: Tx, id: string): Promise<MeetingEntity | null> {
    return tx.manager
      .getRepository(MeetingEntity)
      .createQueryBuilder('m')
      .setLock('pessimistic_write')
      .where('m.id = :id', { id })
      .getOne();
  }

  async update(
    tx: Tx | undefined,
    id: string,
    patch: Partial<Omit<MeetingEntity, 'id' | 'createdAt' | 'updatedAt'>>,
  ): Promise<void> {
    await (tx ? tx.manager : this.meetings.manager).update(MeetingEntity, { id }, patch);
  }

  async insertParticipants(tx: Tx, meetingId: string, rows: NewParticipant[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.manager
      .createQueryBuilder()
      .insert()
      .into(MeetingParticipantEntity)
      .values(rows.map((r) => ({ ...r, meetingId })))
      .orIgnore()
      .execute();
  }

  async participantsOf(meetingId: string, tx?: Tx): Promise<MeetingParticipantEntity[]> {
    return (tx ? tx.manager.getRepository(MeetingParticipantEntity) : this.participants).find({
      where: { meetingId },
      order: { role: 'ASC', displayName: 'ASC' },
    });
  }

  /** Of these meetings, the ones that exist, with whether this person takes part and hosts (one statement at any number). */
  async heldIds(
    meetingIds: readonly string[],
    userId: string,
  ): Promise<Array<{ id: string; participant: boolean; host: boolean }>> {
    return this.meetings
      .createQueryBuilder('m')
      .select('m.id', 'id')
      .addSelect('m.host_id IS NOT DISTINCT FROM :userId', 'host')
      .addSelect(
        'EXISTS (SELECT 1 FROM meeting_participants p WHERE p.meeting_id = m.id AND p.user_id = :userId)',
        'participant',
      )
      .where('m.id IN (:...meetingIds)', { meetingIds, userId })
      .getRawMany<{ id: string; participant: boolean; host: boolean }>();
  }

  async participantOf(meetingId: string, userId: string, tx?: Tx): Promise<MeetingParticipantEntity | null> {
    return (tx ? tx.manager.getRepository(MeetingParticipantEntity) : this.participants).findOneBy({
      meetingId,
      userId,
    });
  }

  async participantByTokenHash(hash: string): Promise<MeetingParticipantEntity | null> {
    return this.participants.findOneBy({ guestTokenHash: hash });
  }

  async setGuestTokenHash(tx: Tx, participantId: string, hash: string): Promise<void> {
    await tx.manager.update(MeetingParticipantEntity, { id: participantId }, { guestTokenHash: hash });
  }

  /** Active staff of the agencies (and departments), with their e-mail, as the org chart says now. */
  async staffOf(
    agencyIds: string[],
    departmentIds: string[],
  ): Promise<Array<DirectoryPerson & { via: 'agency' | 'department' }>> {
    if (agencyIds.length === 0 && departmentIds.length === 0) return [];
    const rows: Array<{ id: string; display_name: string; email: string | null; via: 'agency' | 'department' }> =
      await this.meetings.query(
        `SELECT id, display_name, email, CASE WHEN department_id = ANY($2::uuid[]) THEN 'department' ELSE 'agency' END AS via
         FROM users WHERE kind = 'staff' AND disabled_at IS NULL AND (agency_id = ANY($1::uuid[]) OR department_id = ANY($2::uuid[]))`,
        [agencyIds, departmentIds],
      );
    return rows.map((r) => ({ id: r.id, displayName: r.display_name, email: r.email, via: r.via }));
  }

  /** Meetings the user takes part in that end after `from`, soonest first. */
  async listForUser(userId: string, from: Date, limit: number): Promise<MeetingEntity[]> {
    return this.meetings
      .createQueryBuilder('m')
      .innerJoin(MeetingParticipantEntity, 'p', 'p.meeting_id = m.id AND p.user_id = :userId', { userId })
      .where(`m.status IN ('scheduled','started')`)
      .andWhere(`(m.recurrence IS NOT NULL OR m.starts_at + make_interval(mins => m.duration_minutes) > :from)`, {
        from,
      })
      .orderBy('m.starts_at', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** The user's meetings (not cancelled) that may have an occurrence overlapping [from, to). */
  async listForUserBetween(userId: string, from: Date, to: Date, limit: number): Promise<MeetingEntity[]> {
    return this.meetings
      .createQueryBuilder('m')
      .innerJoin(MeetingParticipantEntity, 'p', 'p.meeting_id = m.id AND p.user_id = :userId', { userId })
      .where(`m.status IN ('scheduled','started','ended')`)
      .andWhere('m.starts_at < :to', { to })
      .andWhere(`(m.recurrence IS NOT NULL OR m.starts_at + make_interval(mins => m.duration_minutes) > :from)`, {
        from,
      })
      .orderBy('m.starts_at', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Meetings that may still have a reminder to send: not cancelled or ended, and not long over. */
  async listRemindable(after: Date): Promise<MeetingEntity[]> {
    return this.meetings
      .createQueryBuilder('m')
      .where(`m.status IN ('scheduled','started')`)
      .andWhere(`(m.recurrence IS NOT NULL OR m.starts_at > :after)`, { after })
      .getMany();
  }

  /** Records that a reminder went out; false when it already had. */
  async markReminderSent(tx: Tx, meetingId: string, occurrenceAt: Date, offsetMinutes: number): Promise<boolean> {
    const result = await tx.manager
      .createQueryBuilder()
      .insert()
      .into(MeetingReminderSendEntity)
      .values({ meetingId, occurrenceAt, offsetMinutes })
      .orIgnore()
      .returning('meeting_id')
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  async reminderSent(meetingId: string, occurrenceAt: Date, offsetMinutes: number): Promise<boolean> {
    return (
      (await this.meetings.manager.countBy(MeetingReminderSendEntity, { meetingId, occurrenceAt, offsetMinutes })) > 0
    );
  }

  /** Opens a stay unless the participant already has an open one; returns whether it opened. */
  async openStay(meetingId: string, participantId: string, source: 'client' | 'jitsi', at: Date): Promise<boolean> {
    const rows: unknown[] = await this.meetings.query(
      `INSERT INTO meeting_attendance (meeting_id, participant_id, source, joined_at)
       SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM meeting_attendance WHERE participant_id = $2 AND left_at IS NULL)
       RETURNING id`,
      [meetingId, participantId, source, at],
    );
    return rows.length > 0;
  }

  async closeStays(meetingId: string, participantId: string | null, at: Date, tx?: Tx): Promise<number> {
    const [, count]: [unknown, number] = await (tx ? tx.manager : this.meetings.manager).query(
      `UPDATE meeting_attendance SET left_at = greatest($3, joined_at) WHERE meeting_id = $1 AND ($2::uuid IS NULL OR participant_id = $2) AND left_at IS NULL`,
      [meetingId, participantId, at],
    );
    return count;
  }

  async attendance(meetingId: string): Promise<Array<MeetingAttendanceEntity & { displayName: string }>> {
    const rows: Array<{
      id: string;
      participant_id: string;
      source: 'client' | 'jitsi';
      joined_at: Date;
      left_at: Date | null;
      display_name: string;
    }> = await this.meetings.query(
      `SELECT a.id, a.participant_id, a.source, a.joined_at, a.left_at, p.display_name
           FROM meeting_attendance a JOIN meeting_participants p ON p.id = a.participant_id
          WHERE a.meeting_id = $1 ORDER BY a.joined_at`,
      [meetingId],
    );
    return rows.map((r) =>
      Object.assign(new MeetingAttendanceEntity(), {
        id: r.id,
        meetingId,
        participantId: r.participant_id,
        source: r.source,
        joinedAt: r.joined_at,
        leftAt: r.left_at,
        displayName: r.display_name,
      }),
    );
  }

  async countAttendees(tx: Tx, meetingId: string): Promise<number> {
    const rows: Array<{ n: string }> = await tx.manager.query(
      `SELECT count(DISTINCT participant_id) AS n FROM meeting_attendance WHERE meeting_id = $1`,
      [meetingId],
    );
    return Number(rows[0]?.n ?? 0);
  }
}
