import { Inject, Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import {
  VIDEO_CONFERENCE_PROVIDER,
  type VideoConferenceProvider,
} from '../bus/capabilities/video-conference.provider.js';
import { validationFailed } from '../common/ieum.exception.js';
import { isTimeZone } from '../common/time-zone.js';
import { UnitOfWork, type Tx } from '../database/unit-of-work.js';
import type { Principal } from '../identity/identity.types.js';
import { UserRepository } from '../identity/user.repository.js';
import { RoomRepository } from '../messenger/room.repository.js';
import { RoomService } from '../messenger/room.service.js';
import { RoomKind } from '../messenger/messenger.types.js';
import { MeetingInvitationService } from './meeting-invitations.service.js';
import { MeetingReminderService } from './meeting-reminder.service.js';
import { MeetingViewService, type MeetingView } from './meeting-views.service.js';
import type { MeetingEntity } from './meeting.entity.js';
import { MeetingException } from './meeting.exception.js';
import { MeetingRepository, type NewParticipant } from './meeting.repository.js';
import { DEFAULT_REMINDER_MINUTES, MeetingKind, MeetingStatus } from './meetings.types.js';
import { isOccurrence, isValidRrule, occurrenceFrom } from './occurrences.js';

export interface ScheduleInput {
  title: string;
  kind?: MeetingKind;
  startsAt: Date;
  durationMinutes: number;
  timeZone?: string;
  recurrence?: string | null;
  /** Occurrences of the series left out from the start (each must be one of its occurrences). */
  exdates?: Date[];
  lobby?: boolean;
  agenda?: string | null;
  roomId?: string | null;
  userIds?: string[];
  agencyIds?: string[];
  departmentIds?: string[];
  guests?: Array<{ email: string; name?: string }>;
  /** Invite everyone in `roomId` (an instant meeting for a room). */
  inviteRoom?: boolean;
  reminderMinutes?: number[];
  /** What asked for it (a command message id, a client key): asking again returns the same meeting. */
  sourceKey?: string | null;
}

/** A meeting another domain keeps (a consultation's), as that domain creates it. */
export interface KeptMeeting {
  title: string;
  kind: MeetingKind;
  hostId: string;
  agencyId: string;
  startsAt: Date;
  durationMinutes: number;
  timeZone: string;
  lobby: boolean;
  /** Names the keeper's record (`consultation-<id>`): creating again finds the first meeting. */
  sourceKey: string;
  participants: NewParticipant[];
}

/**
 * Video meetings: scheduling, changes, ending. Every change writes the meeting,
 * its invitation mails and a notify event in one transaction (MeetingInvitationService); views are
 * MeetingViewService's, joining is MeetingRoomService's, and reminders are delayed jobs rebuilt from
 * PostgreSQL (MeetingReminderService).
 */
@Injectable()
export class MeetingService {
  constructor(
    @Inject(VIDEO_CONFERENCE_PROVIDER) private readonly video: VideoConferenceProvider,
    private readonly uow: UnitOfWork,
    private readonly meetings: MeetingRepository,
    private readonly users: UserRepository,
    private readonly rooms: RoomService,
    private readonly roomMembers: RoomRepository,
    private readonly reminders: MeetingReminderService,
    private readonly access: AccessService,
    private readonly invitations: MeetingInvitationService,
    private readonly views: MeetingViewService,
  ) {}

  async schedule(
    principal: Principal,
    input: ScheduleInput,
    now = new Date(),
  ): Promise<{ meeting: MeetingView; created: boolean }> {
    const host = await this.users.findById(principal.userId);
    if (!host || host.kind !== 'staff' || !host.agencyId || host.disabledAt) throw MeetingException.notStaff();
    const agencyId = host.agencyId;
    const timeZone = input.timeZone ?? 'Asia/Seoul';
    validateSchedule({ ...input, timeZone }, now);
    if (input.roomId) await this.rooms.access(principal, input.roomId);
    const roomMembers = input.roomId && input.inviteRoom ? await this.roomMembers.memberIds(input.roomId) : [];
    const invitees = await this.invitations.invitees(principal.userId, {
      ...input,
      userIds: [...(input.userIds ?? []), ...roomMembers],
    });
    if (input.sourceKey) {
      const earlier = await this.meetings.findBySourceKey(input.sourceKey);
      if (earlier) return { meeting: await this.views.view(earlier, true), created: false };
    }
    // A meeting not held from a room gets its own, for the chat and the documents.
    const directory = input.roomId
      ? []
      : await this.users.findByIds(
          invitees.flatMap((p) => (p.userId && p.userId !== principal.userId ? [p.userId] : [])),
        );

    const result = await this.uow.run(async (tx) => {
      const stored = await this.meetings.insertOnce(tx, {
        title: input.title.trim(),
        kind: input.kind ?? MeetingKind.Meeting,
        hostId: principal.userId,
        agencyId,
        startsAt: wholeSecond(input.startsAt),
        durationMinutes: input.durationMinutes,
        timeZone,
        recurrence: input.recurrence ?? null,
        exdates: [...new Set((input.exdates ?? []).map((d) => wholeSecond(d).getTime()))]
          .sort((a, b) => a - b)
          .map((t) => new Date(t)),
        lobby: input.lobby ?? false,
        agenda: input.agenda?.trim() || null,
        videoRoom: this.video.generateRoomName(),
        roomId: input.roomId ?? null,
        reminderMinutes: [...new Set(input.reminderMinutes ?? DEFAULT_REMINDER_MINUTES)].sort((a, b) => b - a),
        sourceKey: input.sourceKey ?? null,
      });
      if (!stored.created) return stored;
      if (directory.length > 0) {
        const kind = directory.every((u) => u.agencyId === agencyId) ? RoomKind.Group : RoomKind.Collaboration;
        const room = await this.rooms.createIn(tx, principal, { kind, name: input.title, topic: null }, directory);
        await this.meetings.update(tx, stored.meeting.id, { roomId: room.id });
        stored.meeting.roomId = room.id;
      }
      await this.meetings.insertParticipants(tx, stored.meeting.id, invitees);
      await this.invitations.announce(tx, stored.meeting, 'invited');
      return stored;
    });
    if (result.created) await this.reminders.scheduleFor(result.meeting, now);
    return { meeting: await this.views.view(result.meeting, true), created: result.created };
  }

  async reschedule(
    principal: Principal,
    id: string,
    change: { startsAt: Date; durationMinutes?: number },
    now = new Date(),
  ): Promise<MeetingView> {
    const meeting = await this.change(principal, id, async (tx, current) => {
      if (current.kind === MeetingKind.Consultation) throw MeetingException.managedByConsultation();
      const next = {
        startsAt: wholeSecond(change.startsAt),
        durationMinutes: change.durationMinutes ?? current.durationMinutes,
      };
      validateSchedule({ ...current, ...next, title: current.title, exdates: [] }, now);
      const updated = { ...current, ...next, sequence: current.sequence + 1 };
      await this.meetings.update(tx, id, {
        startsAt: updated.startsAt,
        durationMinutes: updated.durationMinutes,
        sequence: updated.sequence,
      });
      await this.invitations.announce(tx, updated, 'updated');
      return updated;
    });
    await this.reminders.scheduleFor(meeting, now);
    return this.views.view(meeting, true);
  }

  /** Drops one occurrence of a recurring meeting (an EXDATE): everyone is sent the updated series. */
  async cancelOccurrence(principal: Principal, id: string, at: Date, now = new Date()): Promise<MeetingView> {
    const meeting = await this.change(principal, id, async (tx, current) => {
      if (current.kind === MeetingKind.Consultation) throw MeetingException.managedByConsultation();
      if (!current.recurrence) throw MeetingException.notRecurring();
      if (Number.isNaN(at.getTime()) || !isOccurrence(current, at) || at.getTime() < now.getTime())
        throw MeetingException.noSuchOccurrence();
      const updated = {
        ...current,
        exdates: [...current.exdates, at].sort((a, b) => a.getTime() - b.getTime()),
        sequence: current.sequence + 1,
      };
      await this.meetings.update(tx, id, { exdates: updated.exdates, sequence: updated.sequence });
      await this.invitations.announce(tx, updated, 'updated');
      return updated;
    });
    await this.reminders.scheduleFor(meeting, now);
    return this.views.view(meeting, true);
  }

  async cancel(principal: Principal, id: string): Promise<MeetingView> {
    const meeting = await this.change(principal, id, async (tx, current) => {
      if (current.kind === MeetingKind.Consultation) throw MeetingException.managedByConsultation();
      const updated = {
        ...current,
        status: MeetingStatus.Cancelled,
        cancelledAt: new Date(),
        sequence: current.sequence + 1,
      };
      await this.meetings.update(tx, id, {
        status: updated.status,
        cancelledAt: updated.cancelledAt,
        sequence: updated.sequence,
      });
      await this.invitations.announce(tx, updated, 'cancelled');
      return updated;
    });
    return this.views.view(meeting, true);
  }

  /** Ends the meeting for everyone and records how many joined and for how long it ran (for a series: ends the occurrence under way). */
  async end(principal: Principal, id: string, now = new Date()): Promise<MeetingView> {
    const meeting = await this.change(principal, id, async (tx, current) => {
      await this.meetings.closeStays(id, null, now, tx);
      // A series with occurrences still to come goes on: only this occurrence's stays close.
      if (current.recurrence && occurrenceFrom(current, new Date(now.getTime() + 1))) return current;
      const startedAt = current.startedAt ?? now;
      const updated = {
        ...current,
        status: MeetingStatus.Ended,
        startedAt,
        endedAt: now,
        attendedCount: await this.meetings.countAttendees(tx, id),
        attendedMinutes: Math.max(1, Math.ceil((now.getTime() - startedAt.getTime()) / 60_000)),
      };
      await this.meetings.update(tx, id, {
        status: updated.status,
        startedAt,
        endedAt: now,
        attendedCount: updated.attendedCount,
        attendedMinutes: updated.attendedMinutes,
      });
      return updated;
    });
    return this.views.view(meeting, false);
  }

  async get(principal: Principal, id: string): Promise<MeetingView> {
    const meeting = await this.readable(principal, id);
    return this.views.view(meeting, true);
  }

  async listMine(principal: Principal, now = new Date()): Promise<MeetingView[]> {
    const rows = await this.meetings.listForUser(principal.userId, now, 100);
    return Promise.all(rows.map((m) => this.views.view(m, false)));
  }

  // A meeting another domain keeps (a consultation's) is created and changed in that domain's
  // transaction, every read and write through it: a transaction never waits for a second pool
  // connection. The keeper sends its own mails and reminders, so none go from here.

  /** Creates the kept meeting with its participants; creating it again (the same source key) finds the first one. */
  async createFor(tx: Tx, input: KeptMeeting): Promise<MeetingEntity> {
    const { meeting } = await this.meetings.insertOnce(tx, {
      title: input.title,
      kind: input.kind,
      hostId: input.hostId,
      agencyId: input.agencyId,
      startsAt: input.startsAt,
      durationMinutes: input.durationMinutes,
      timeZone: input.timeZone,
      recurrence: null,
      lobby: input.lobby,
      agenda: null,
      videoRoom: this.video.generateRoomName(),
      roomId: null,
      reminderMinutes: [],
      sourceKey: input.sourceKey,
    });
    await this.meetings.insertParticipants(tx, meeting.id, input.participants);
    return meeting;
  }

  /** Moves a kept meeting into a new video room, so no earlier link opens it; its new iCalendar sequence, or null when there is no such meeting. */
  async move(tx: Tx, meetingId: string, range: { startsAt: Date; durationMinutes: number }): Promise<number | null> {
    return this.replaceRoom(tx, meetingId, { startsAt: range.startsAt, durationMinutes: range.durationMinutes });
  }

  /** Cancels a kept meeting and closes its video room; its new iCalendar sequence, or null when there is no such meeting. */
  async cancelWithin(tx: Tx, meetingId: string, now: Date): Promise<number | null> {
    return this.replaceRoom(tx, meetingId, { status: MeetingStatus.Cancelled, cancelledAt: now });
  }

  /** A kept meeting as it is now (for its calendar entry's sequence). */
  async find(meetingId: string): Promise<MeetingEntity | null> {
    return this.meetings.findById(meetingId);
  }

  /** One of the user's upcoming meetings by its id or the id's first eight or more characters. */
  async findMine(principal: Principal, idOrPrefix: string): Promise<MeetingView> {
    const prefix = idOrPrefix.trim().toLowerCase();
    const matches =
      prefix.length >= 4
        ? (await this.meetings.listForUser(principal.userId, new Date(), 500)).filter((m) => m.id.startsWith(prefix))
        : [];
    const [match] = matches;
    if (!match || matches.length > 1) throw MeetingException.notFound();
    return this.views.view(match, false);
  }

  private async change(
    principal: Principal,
    id: string,
    work: (tx: Tx, current: MeetingEntity) => Promise<MeetingEntity>,
  ): Promise<MeetingEntity> {
    return this.uow.run(async (tx) => {
      const current = await this.meetings.lock(tx, id);
      if (!current || !(await this.meetings.participantOf(id, principal.userId, tx))) throw MeetingException.notFound();
      if (current.hostId !== principal.userId) throw MeetingException.notHost();
      if (current.status === MeetingStatus.Cancelled || current.status === MeetingStatus.Ended)
        throw MeetingException.closed();
      return work(tx, current);
    });
  }

  private async replaceRoom(
    tx: Tx,
    meetingId: string,
    patch: Partial<Pick<MeetingEntity, 'startsAt' | 'durationMinutes' | 'status' | 'cancelledAt'>>,
  ): Promise<number | null> {
    const current = await this.meetings.lock(tx, meetingId);
    if (!current) return null;
    const sequence = current.sequence + 1;
    await this.meetings.update(tx, meetingId, { ...patch, videoRoom: this.video.generateRoomName(), sequence });
    return sequence;
  }

  private async readable(principal: Principal, id: string): Promise<MeetingEntity> {
    await this.access.requireAccess(principal, 'meeting.read', id);
    return (await this.meetings.findById(id)) ?? failNotFound();
  }
}

function validateSchedule(
  input: {
    title: string;
    startsAt: Date;
    durationMinutes: number;
    timeZone: string;
    recurrence?: string | null;
    exdates?: Date[];
    reminderMinutes?: number[];
  },
  now: Date,
): void {
  const problems: Array<{ field: string; problems: string[] }> = [];
  const title = input.title.trim();
  if (title.length === 0 || title.length > 200)
    problems.push({ field: 'title', problems: ['a title of 1 to 200 characters'] });
  if (Number.isNaN(input.startsAt.getTime())) problems.push({ field: 'startsAt', problems: ['a date and time'] });
  if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 1 || input.durationMinutes > 1440)
    problems.push({ field: 'durationMinutes', problems: ['1 to 1440 minutes'] });
  if (!isTimeZone(input.timeZone))
    problems.push({ field: 'timeZone', problems: ['an IANA time zone such as Asia/Seoul'] });
  if (
    (input.reminderMinutes ?? []).some((m) => !Number.isInteger(m) || m < 0 || m > 40_320) ||
    (input.reminderMinutes ?? []).length > 5
  ) {
    problems.push({ field: 'reminderMinutes', problems: ['up to 5 whole numbers of minutes, 0 to 40320'] });
  }
  if (problems.length > 0) throw validationFailed(problems);
  if (input.recurrence && !isValidRrule(input.recurrence)) throw MeetingException.badRecurrence();
  const series = {
    startsAt: wholeSecond(input.startsAt),
    timeZone: input.timeZone,
    recurrence: input.recurrence ?? null,
    exdates: [],
  };
  if (
    (input.exdates ?? []).some(
      (at) => !input.recurrence || Number.isNaN(at.getTime()) || !isOccurrence(series, wholeSecond(at)),
    )
  )
    throw MeetingException.noSuchOccurrence();
  // A minute of slack, so "now" typed a moment ago is not already in the past.
  if (input.startsAt.getTime() < now.getTime() - 60_000) throw MeetingException.inPast();
}

/** iCalendar times have no fractions of a second; a series' occurrences are whole seconds, so its start is too. */
function wholeSecond(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 1000) * 1000);
}

function failNotFound(): never {
  throw MeetingException.notFound();
}
