import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { AccessService } from '../access/access.service.js';
import { JobName } from '../bus/bus.constants.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import { VIDEO_CONFERENCE_PROVIDER, type VideoConferenceProvider } from '../bus/capabilities/video-conference.provider.js';
import { validationFailed } from '../common/ieum.exception.js';
import { isTimeZone } from '../common/time-zone.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { UnitOfWork, type Tx } from '../database/unit-of-work.js';
import { AgencyRepository } from '../identity/agency.repository.js';
import { UserRole, type Principal } from '../identity/identity.types.js';
import { UserRepository } from '../identity/user.repository.js';
import { MailService } from '../mail/mail.service.js';
import { RoomRepository } from '../messenger/room.repository.js';
import { RoomService } from '../messenger/room.service.js';
import { RoomKind } from '../messenger/messenger.types.js';
import { FileRepository } from '../files/file.repository.js';
import { buildInvitationIcs } from './meeting-calendar.js';
import { renderMeetingMail, type MeetingChange } from './meeting-mail.renderer.js';
import { MeetingReminderService } from './meeting-reminder.service.js';
import type { MeetingEntity } from './meeting.entity.js';
import { MeetingException } from './meeting.exception.js';
import { MeetingRepository, type NewParticipant } from './meeting.repository.js';
import { DEFAULT_REMINDER_MINUTES, MeetingKind, MeetingStatus } from './meetings.types.js';
import { isOccurrence, isValidRrule, occurrenceFrom } from './occurrences.js';

export const MAX_PARTICIPANTS = 500;
const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

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

export interface ParticipantView {
  id: string;
  userId: string | null;
  displayName: string;
  role: 'host' | 'participant';
  invitedVia: string;
}

export interface MeetingView {
  id: string;
  title: string;
  kind: MeetingKind;
  status: MeetingStatus;
  hostId: string | null;
  agencyId: string;
  startsAt: string;
  endsAt: string;
  /** The next occurrence still to come (the start itself for a one-off), or null when none is left. */
  nextStartsAt: string | null;
  /** Occurrences of the series that were dropped. */
  exdates: string[];
  /** With the details: the next occurrences still to come (at most 12). */
  upcoming?: string[];
  durationMinutes: number;
  timeZone: string;
  recurrence: string | null;
  lobby: boolean;
  agenda: string | null;
  roomId: string | null;
  reminderMinutes: number[];
  sequence: number;
  /** Where people open the meeting in the web client; joining itself is POST /meetings/:id/join. */
  link: string;
  participants?: ParticipantView[];
  /** Files posted in the meeting's room, newest first: download with GET /files/:id/content (room members). */
  documents?: Array<{ id: string; name: string; contentType: string; size: number }>;
}

/** One occurrence of a meeting in a calendar. */
export interface MeetingOccurrenceView {
  meetingId: string;
  title: string;
  kind: MeetingKind;
  status: MeetingStatus;
  hostId: string | null;
  lobby: boolean;
  recurring: boolean;
  startsAt: string;
  endsAt: string;
}

/**
 * Video meetings: scheduling, changes, who may join and when, attendance. Every change writes the
 * meeting, its invitation mails and a notify event in one transaction; reminders are delayed jobs
 * rebuilt from PostgreSQL (MeetingReminderService).
 */
@Injectable()
export class MeetingService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    @Inject(VIDEO_CONFERENCE_PROVIDER) private readonly video: VideoConferenceProvider,
    private readonly uow: UnitOfWork,
    private readonly meetings: MeetingRepository,
    private readonly users: UserRepository,
    private readonly agencies: AgencyRepository,
    private readonly rooms: RoomService,
    private readonly roomMembers: RoomRepository,
    private readonly mail: MailService,
    private readonly events: EventPublisher,
    private readonly reminders: MeetingReminderService,
    private readonly files: FileRepository,
    private readonly access: AccessService,
  ) {}

  async schedule(principal: Principal, input: ScheduleInput, now = new Date()): Promise<{ meeting: MeetingView; created: boolean }> {
    const host = await this.users.findById(principal.userId);
    if (!host || host.kind !== 'staff' || !host.agencyId || host.disabledAt) throw MeetingException.notStaff();
    const agencyId = host.agencyId;
    const timeZone = input.timeZone ?? 'Asia/Seoul';
    validateSchedule({ ...input, timeZone }, now);
    if (input.roomId) await this.rooms.access(principal, input.roomId);
    const roomMembers = input.roomId && input.inviteRoom ? await this.roomMembers.memberIds(input.roomId) : [];
    const invitees = await this.invitees(principal.userId, { ...input, userIds: [...(input.userIds ?? []), ...roomMembers] });
    if (input.sourceKey) {
      const earlier = await this.meetings.findBySourceKey(input.sourceKey);
      if (earlier) return { meeting: await this.view(earlier, true), created: false };
    }
    // A meeting not held from a room gets its own, for the chat and the documents.
    const directory = input.roomId ? [] : await this.users.findByIds(invitees.flatMap((p) => (p.userId && p.userId !== principal.userId ? [p.userId] : [])));

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
        exdates: [...new Set((input.exdates ?? []).map((d) => wholeSecond(d).getTime()))].sort((a, b) => a - b).map((t) => new Date(t)),
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
      await this.announce(tx, stored.meeting, 'invited');
      return stored;
    });
    if (result.created) await this.reminders.scheduleFor(result.meeting, now);
    return { meeting: await this.view(result.meeting, true), created: result.created };
  }

  async reschedule(principal: Principal, id: string, change: { startsAt: Date; durationMinutes?: number }, now = new Date()): Promise<MeetingView> {
    const meeting = await this.change(principal, id, async (tx, current) => {
      if (current.kind === MeetingKind.Consultation) throw MeetingException.managedByConsultation();
      const next = { startsAt: wholeSecond(change.startsAt), durationMinutes: change.durationMinutes ?? current.durationMinutes };
      validateSchedule({ ...current, ...next, title: current.title, exdates: [] }, now);
      const updated = { ...current, ...next, sequence: current.sequence + 1 };
      await this.meetings.update(tx, id, { startsAt: updated.startsAt, durationMinutes: updated.durationMinutes, sequence: updated.sequence });
      await this.announce(tx, updated, 'updated');
      return updated;
    });
    await this.reminders.scheduleFor(meeting, now);
    return this.view(meeting, true);
  }

  /** Drops one occurrence of a recurring meeting (an EXDATE): everyone is sent the updated series. */
  async cancelOccurrence(principal: Principal, id: string, at: Date, now = new Date()): Promise<MeetingView> {
    const meeting = await this.change(principal, id, async (tx, current) => {
      if (current.kind === MeetingKind.Consultation) throw MeetingException.managedByConsultation();
      if (!current.recurrence) throw MeetingException.notRecurring();
      if (Number.isNaN(at.getTime()) || !isOccurrence(current, at) || at.getTime() < now.getTime()) throw MeetingException.noSuchOccurrence();
      const updated = { ...current, exdates: [...current.exdates, at].sort((a, b) => a.getTime() - b.getTime()), sequence: current.sequence + 1 };
      await this.meetings.update(tx, id, { exdates: updated.exdates, sequence: updated.sequence });
      await this.announce(tx, updated, 'updated');
      return updated;
    });
    await this.reminders.scheduleFor(meeting, now);
    return this.view(meeting, true);
  }

  async cancel(principal: Principal, id: string): Promise<MeetingView> {
    const meeting = await this.change(principal, id, async (tx, current) => {
      if (current.kind === MeetingKind.Consultation) throw MeetingException.managedByConsultation();
      const updated = { ...current, status: MeetingStatus.Cancelled, cancelledAt: new Date(), sequence: current.sequence + 1 };
      await this.meetings.update(tx, id, { status: updated.status, cancelledAt: updated.cancelledAt, sequence: updated.sequence });
      await this.announce(tx, updated, 'cancelled');
      return updated;
    });
    return this.view(meeting, true);
  }

  /** Ends the meeting for everyone and records how many joined and for how long it ran (for a series: ends the occurrence under way). */
  async end(principal: Principal, id: string, now = new Date()): Promise<MeetingView> {
    const meeting = await this.change(principal, id, async (tx, current) => {
      await this.meetings.closeStays(id, null, now);
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
    return this.view(meeting, false);
  }

  async get(principal: Principal, id: string): Promise<MeetingView> {
    const meeting = await this.readable(principal, id);
    return this.view(meeting, true);
  }

  /** Every occurrence of the caller's meetings that overlaps [from, to) (at most 42 days), for a calendar; cancelled ones left out. */
  async calendar(principal: Principal, from: Date, to: Date): Promise<MeetingOccurrenceView[]> {
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to.getTime() <= from.getTime() || to.getTime() - from.getTime() > 42 * 86_400_000) {
      throw validationFailed([{ field: 'to', problems: ['after from, at most 42 days later'] }]);
    }
    const out: MeetingOccurrenceView[] = [];
    for (const m of await this.meetings.listForUserBetween(principal.userId, from, to, 500)) {
      const length = m.durationMinutes * 60_000;
      const last = m.status === MeetingStatus.Ended && m.endedAt ? Math.min(m.endedAt.getTime(), to.getTime()) : to.getTime();
      let at = occurrenceFrom(m, new Date(from.getTime() - length + 1));
      for (let i = 0; at && at.getTime() < last && i < 200; i++) {
        out.push({ meetingId: m.id, title: m.title, kind: m.kind, status: m.status, hostId: m.hostId, lobby: m.lobby, recurring: m.recurrence !== null, startsAt: at.toISOString(), endsAt: new Date(at.getTime() + length).toISOString() });
        at = m.recurrence ? occurrenceFrom(m, new Date(at.getTime() + 1000)) : null;
      }
    }
    return out.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  }

  async listMine(principal: Principal, now = new Date()): Promise<MeetingView[]> {
    const rows = await this.meetings.listForUser(principal.userId, now, 100);
    return Promise.all(rows.map((m) => this.view(m, false)));
  }

  /**
   * Meetings held before Ieum (or on another system), for the usage report: system administrators
   * only. A record with an external id already imported is skipped, so an import can be re-run.
   * Every record must have ended by `now`; a batch with one that has not is refused whole.
   */
  async importRecords(
    principal: Principal,
    records: Array<{ externalId?: string; title: string; kind: MeetingKind; agencyCode: string; startedAt: Date; endedAt: Date; participants: number }>,
    now = new Date(),
  ): Promise<{ imported: number; skipped: number }> {
    if (!principal.roles.includes(UserRole.SystemAdmin)) throw MeetingException.notAdmin();
    const unheld = records.flatMap((r, i) => (r.endedAt.getTime() > now.getTime() ? [{ index: i, field: `records[${i}].endedAt`, externalId: r.externalId ?? null }] : []));
    if (unheld.length > 0) throw MeetingException.recordNotHeld(unheld);
    const agencies = new Map((await this.agencies.findByCodes([...new Set(records.map((r) => r.agencyCode))])).map((a) => [a.code, a.id]));
    const problems = records.flatMap((r, i) => [
      ...(agencies.has(r.agencyCode) ? [] : [{ field: `records[${i}].agencyCode`, problems: [`no agency with code ${r.agencyCode}`] }]),
      ...(r.endedAt.getTime() > r.startedAt.getTime() ? [] : [{ field: `records[${i}].endedAt`, problems: ['after startedAt'] }]),
    ]);
    if (problems.length > 0) throw validationFailed(problems.slice(0, 20));
    const imported = await this.meetings.insertRecords(
      records.map((r) => ({
        title: r.title,
        kind: r.kind,
        agencyId: agencies.get(r.agencyCode) ?? '',
        startedAt: r.startedAt,
        endedAt: r.endedAt,
        participants: r.participants,
        timeZone: 'Asia/Seoul',
        videoRoom: this.video.generateRoomName(),
        sourceKey: r.externalId ? `record-${r.externalId}` : null,
      })),
    );
    return { imported, skipped: records.length - imported };
  }

  /** One of the user's upcoming meetings by its id or the id's first eight or more characters. */
  async findMine(principal: Principal, idOrPrefix: string): Promise<MeetingView> {
    const prefix = idOrPrefix.trim().toLowerCase();
    const matches = prefix.length >= 4 ? (await this.meetings.listForUser(principal.userId, new Date(), 500)).filter((m) => m.id.startsWith(prefix)) : [];
    const [match] = matches;
    if (!match || matches.length > 1) throw MeetingException.notFound();
    return this.view(match, false);
  }

  /** Directory participants to tell about the change to `sequence`; null once a later change superseded it. */
  async notifyTargets(meetingId: string, sequence: number): Promise<{ meeting: MeetingEntity; change: MeetingChange; userIds: string[]; start: Date } | null> {
    const meeting = await this.meetings.findById(meetingId);
    if (!meeting || meeting.sequence !== sequence) return null;
    const participants = await this.meetings.participantsOf(meetingId);
    const change: MeetingChange = meeting.status === MeetingStatus.Cancelled ? 'cancelled' : sequence === 0 ? 'invited' : 'updated';
    const start = occurrenceFrom(meeting, new Date()) ?? meeting.startsAt;
    return { meeting, change, userIds: participants.filter((p) => p.userId && p.userId !== meeting.hostId).map((p) => p.userId as string), start };
  }

  link(meetingId: string): string {
    return `${this.config.http.publicUrl}/meetings/${meetingId}`;
  }

  private async change(principal: Principal, id: string, work: (tx: Tx, current: MeetingEntity) => Promise<MeetingEntity>): Promise<MeetingEntity> {
    return this.uow.run(async (tx) => {
      const current = await this.meetings.lock(tx, id);
      if (!current || !(await this.meetings.participantOf(id, principal.userId))) throw MeetingException.notFound();
      if (current.hostId !== principal.userId) throw MeetingException.notHost();
      if (current.status === MeetingStatus.Cancelled || current.status === MeetingStatus.Ended) throw MeetingException.closed();
      return work(tx, current);
    });
  }

  private async readable(principal: Principal, id: string): Promise<MeetingEntity> {
    await this.access.requireAccess(principal, 'meeting.read', id);
    return (await this.meetings.findById(id)) ?? failNotFound();
  }

  /**
   * Mails every participant with an address (outside guests get a fresh personal link each time;
   * their old one stops working) and queues the messenger notice, inside the caller's transaction.
   */
  private async announce(tx: Tx, meeting: MeetingEntity, change: MeetingChange): Promise<void> {
    const participants = await this.meetings.participantsOf(meeting.id, tx);
    const host = participants.find((p) => p.role === 'host');
    const hostUser = meeting.hostId ? await this.users.findById(meeting.hostId) : null;
    const organizer = { name: host?.displayName ?? 'Ieum', email: hostUser?.email ?? `no-reply@${this.config.mail.domain}` };
    const userEmails = new Map((await this.users.findByIds(participants.flatMap((p) => (p.userId ? [p.userId] : [])))).map((u) => [u.id, u.email]));
    const start = occurrenceFrom(meeting, new Date()) ?? meeting.startsAt;
    const attendees = participants.flatMap((p) => {
      const email = p.userId ? userEmails.get(p.userId) : p.email;
      return email ? [{ name: p.displayName, email, participant: p }] : [];
    });
    const ics = buildInvitationIcs({
      uid: `meeting-${meeting.id}@${this.config.mail.domain}`,
      sequence: meeting.sequence,
      method: change === 'cancelled' ? 'CANCEL' : 'REQUEST',
      start: meeting.startsAt,
      end: new Date(meeting.startsAt.getTime() + meeting.durationMinutes * 60_000),
      timeZone: meeting.timeZone,
      summary: meeting.title,
      description: meeting.agenda ?? '',
      url: this.link(meeting.id),
      organizer,
      attendees: attendees.filter((a) => a.participant.role !== 'host').map(({ name, email }) => ({ name, email })),
      rrule: meeting.recurrence,
      exdates: meeting.exdates,
    });
    for (const attendee of attendees) {
      if (attendee.participant.role === 'host') continue;
      let link: string | null = this.link(meeting.id);
      if (!attendee.participant.userId) {
        const token = randomBytes(24).toString('base64url');
        await this.meetings.setGuestTokenHash(tx, attendee.participant.id, hashToken(token));
        link = `${this.config.http.publicUrl}/meetings/guest/${token}`;
      }
      const rendered = renderMeetingMail({ meeting, change, start, hostName: organizer.name, link });
      await this.mail.enqueue(tx, { kind: `meeting-${change}`, to: attendee.email, ...rendered, calendar: { method: change === 'cancelled' ? 'CANCEL' : 'REQUEST', ics } });
    }
    await this.events.publish(tx, { name: JobName.MeetingNotify, data: { meetingId: meeting.id, sequence: meeting.sequence } });
    await this.events.publish(tx, { name: JobName.WebhookFanout, data: { event: 'meeting.scheduled', meetingId: meeting.id, sequence: meeting.sequence } });
  }

  private async invitees(hostId: string, input: ScheduleInput): Promise<NewParticipant[]> {
    const host = await this.users.findById(hostId);
    if (!host) throw MeetingException.notStaff();
    const byUser = new Map<string, NewParticipant>([[host.id, { userId: host.id, email: null, displayName: host.displayName, role: 'host', invitedVia: 'user' }]]);
    const named = await this.users.findByIds([...new Set(input.userIds ?? [])]);
    const missing = (input.userIds ?? []).filter((id) => !named.some((u) => u.id === id && !u.disabledAt));
    if (missing.length > 0) throw validationFailed([{ field: 'userIds', problems: [`unknown or disabled users: ${missing.join(', ')}`] }]);
    for (const u of named) if (!byUser.has(u.id)) byUser.set(u.id, { userId: u.id, email: null, displayName: u.displayName, role: 'participant', invitedVia: 'user' });
    for (const u of await this.meetings.staffOf(input.agencyIds ?? [], input.departmentIds ?? [])) {
      if (!byUser.has(u.id)) byUser.set(u.id, { userId: u.id, email: null, displayName: u.displayName, role: 'participant', invitedVia: u.via });
    }
    const guests = new Map<string, NewParticipant>();
    for (const guest of input.guests ?? []) {
      const email = guest.email.trim().toLowerCase();
      if (!EMAIL.test(email) || email.length > 254) throw validationFailed([{ field: 'guests', problems: [`not an e-mail address: ${guest.email}`] }]);
      guests.set(email, { userId: null, email, displayName: guest.name?.trim() || email.split('@')[0] || email, role: 'participant', invitedVia: 'guest' });
    }
    const all = [...byUser.values(), ...guests.values()];
    if (all.length < 2) throw MeetingException.noParticipants();
    if (all.length > MAX_PARTICIPANTS) throw MeetingException.tooManyParticipants(MAX_PARTICIPANTS);
    return all;
  }

  private async view(meeting: MeetingEntity, withParticipants: boolean): Promise<MeetingView> {
    const next = meeting.status === MeetingStatus.Scheduled || meeting.status === MeetingStatus.Started ? occurrenceFrom(meeting, new Date(Date.now() - meeting.durationMinutes * 60_000)) : null;
    const view: MeetingView = {
      id: meeting.id,
      title: meeting.title,
      kind: meeting.kind,
      status: meeting.status,
      hostId: meeting.hostId,
      agencyId: meeting.agencyId,
      startsAt: meeting.startsAt.toISOString(),
      endsAt: new Date(meeting.startsAt.getTime() + meeting.durationMinutes * 60_000).toISOString(),
      nextStartsAt: next?.toISOString() ?? null,
      exdates: meeting.exdates.map((d) => d.toISOString()),
      durationMinutes: meeting.durationMinutes,
      timeZone: meeting.timeZone,
      recurrence: meeting.recurrence,
      lobby: meeting.lobby,
      agenda: meeting.agenda,
      roomId: meeting.roomId,
      reminderMinutes: meeting.reminderMinutes,
      sequence: meeting.sequence,
      link: this.link(meeting.id),
    };
    if (withParticipants) {
      view.upcoming = next ? upcomingFrom(meeting, next, 12).map((d) => d.toISOString()) : [];
      view.participants = (await this.meetings.participantsOf(meeting.id)).map((p) => ({ id: p.id, userId: p.userId, displayName: p.displayName, role: p.role, invitedVia: p.invitedVia }));
      view.documents = meeting.roomId ? (await this.files.postedIn(meeting.roomId, 50)).map((f) => ({ id: f.id, name: f.name, contentType: f.contentType, size: Number(f.size) })) : [];
    }
    return view;
  }
}

function validateSchedule(input: { title: string; startsAt: Date; durationMinutes: number; timeZone: string; recurrence?: string | null; exdates?: Date[]; reminderMinutes?: number[] }, now: Date): void {
  const problems: Array<{ field: string; problems: string[] }> = [];
  const title = input.title.trim();
  if (title.length === 0 || title.length > 200) problems.push({ field: 'title', problems: ['a title of 1 to 200 characters'] });
  if (Number.isNaN(input.startsAt.getTime())) problems.push({ field: 'startsAt', problems: ['a date and time'] });
  if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 1 || input.durationMinutes > 1440) problems.push({ field: 'durationMinutes', problems: ['1 to 1440 minutes'] });
  if (!isTimeZone(input.timeZone)) problems.push({ field: 'timeZone', problems: ['an IANA time zone such as Asia/Seoul'] });
  if ((input.reminderMinutes ?? []).some((m) => !Number.isInteger(m) || m < 0 || m > 40_320) || (input.reminderMinutes ?? []).length > 5) {
    problems.push({ field: 'reminderMinutes', problems: ['up to 5 whole numbers of minutes, 0 to 40320'] });
  }
  if (problems.length > 0) throw validationFailed(problems);
  if (input.recurrence && !isValidRrule(input.recurrence)) throw MeetingException.badRecurrence();
  const series = { startsAt: wholeSecond(input.startsAt), timeZone: input.timeZone, recurrence: input.recurrence ?? null, exdates: [] };
  if ((input.exdates ?? []).some((at) => !input.recurrence || Number.isNaN(at.getTime()) || !isOccurrence(series, wholeSecond(at)))) throw MeetingException.noSuchOccurrence();
  // A minute of slack, so "now" typed a moment ago is not already in the past.
  if (input.startsAt.getTime() < now.getTime() - 60_000) throw MeetingException.inPast();
}

/** The occurrences from `first` on, at most `count` (a one-off has just its start). */
function upcomingFrom(meeting: MeetingEntity, first: Date, count: number): Date[] {
  const out = [first];
  while (meeting.recurrence && out.length < count) {
    const next = occurrenceFrom(meeting, new Date((out.at(-1) as Date).getTime() + 1000));
    if (!next) break;
    out.push(next);
  }
  return out;
}

/** iCalendar times have no fractions of a second; a series' occurrences are whole seconds, so its start is too. */
function wholeSecond(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 1000) * 1000);
}

function failNotFound(): never {
  throw MeetingException.notFound();
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
