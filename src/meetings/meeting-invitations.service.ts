import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { JobName } from '../bus/bus.constants.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import { validationFailed } from '../common/ieum.exception.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import type { Tx } from '../database/unit-of-work.js';
import { UserRepository } from '../identity/user.repository.js';
import { MailService } from '../mail/mail.service.js';
import { buildInvitationIcs } from './meeting-calendar.js';
import { renderMeetingMail, type MeetingChange } from './meeting-mail.renderer.js';
import { MeetingViewService } from './meeting-views.service.js';
import type { MeetingEntity } from './meeting.entity.js';
import { MeetingException } from './meeting.exception.js';
import { MeetingRepository, type NewParticipant } from './meeting.repository.js';
import { MeetingStatus } from './meetings.types.js';
import { occurrenceFrom } from './occurrences.js';

export const MAX_PARTICIPANTS = 500;
const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

/** Whom a meeting invites: people by id, the staff of agencies and departments, outside guests by address. */
export interface InviteeInput {
  userIds?: string[];
  agencyIds?: string[];
  departmentIds?: string[];
  guests?: Array<{ email: string; name?: string }>;
}

/** Who is invited to a meeting and how they hear of it: the invitee list, the .ics mails with guests' personal tokens, the notice targets. */
@Injectable()
export class MeetingInvitationService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly meetings: MeetingRepository,
    private readonly users: UserRepository,
    private readonly mail: MailService,
    private readonly events: EventPublisher,
    private readonly views: MeetingViewService,
  ) {}

  async invitees(hostId: string, input: InviteeInput): Promise<NewParticipant[]> {
    const host = await this.users.findById(hostId);
    if (!host) throw MeetingException.notStaff();
    const byUser = new Map<string, NewParticipant>([
      [host.id, { userId: host.id, email: null, displayName: host.displayName, role: 'host', invitedVia: 'user' }],
    ]);
    const named = await this.users.findByIds([...new Set(input.userIds ?? [])]);
    const missing = (input.userIds ?? []).filter((id) => !named.some((u) => u.id === id && !u.disabledAt));
    if (missing.length > 0)
      throw validationFailed([{ field: 'userIds', problems: [`unknown or disabled users: ${missing.join(', ')}`] }]);
    for (const u of named)
      if (!byUser.has(u.id))
        byUser.set(u.id, {
          userId: u.id,
          email: null,
          displayName: u.displayName,
          role: 'participant',
          invitedVia: 'user',
        });
    for (const u of await this.meetings.staffOf(input.agencyIds ?? [], input.departmentIds ?? [])) {
      if (!byUser.has(u.id))
        byUser.set(u.id, {
          userId: u.id,
          email: null,
          displayName: u.displayName,
          role: 'participant',
          invitedVia: u.via,
        });
    }
    const guests = new Map<string, NewParticipant>();
    for (const guest of input.guests ?? []) {
      const email = guest.email.trim().toLowerCase();
      if (!EMAIL.test(email) || email.length > 254)
        throw validationFailed([{ field: 'guests', problems: [`not an e-mail address: ${guest.email}`] }]);
      guests.set(email, {
        userId: null,
        email,
        displayName: guest.name?.trim() || email.split('@')[0] || email,
        role: 'participant',
        invitedVia: 'guest',
      });
    }
    const all = [...byUser.values(), ...guests.values()];
    if (all.length < 2) throw MeetingException.noParticipants();
    if (all.length > MAX_PARTICIPANTS) throw MeetingException.tooManyParticipants(MAX_PARTICIPANTS);
    return all;
  }

  /**
   * Mails every participant with an address (outside guests get a fresh personal link each time;
   * their old one stops working) and queues the messenger notice, inside the caller's transaction.
   */
  async announce(tx: Tx, meeting: MeetingEntity, change: MeetingChange): Promise<void> {
    const participants = await this.meetings.participantsOf(meeting.id, tx);
    const host = participants.find((p) => p.role === 'host');
    // Read in the transaction: waiting on a second pool connection here starved the pool (five schedules at once, pool of five).
    const hostUser = meeting.hostId ? await this.users.findById(meeting.hostId, tx) : null;
    const organizer = {
      name: host?.displayName ?? 'Ieum',
      email: hostUser?.email ?? `no-reply@${this.config.mail.domain}`,
    };
    const userEmails = new Map(
      (
        await this.users.findByIds(
          participants.flatMap((p) => (p.userId ? [p.userId] : [])),
          tx,
        )
      ).map((u) => [u.id, u.email]),
    );
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
      url: this.views.link(meeting.id),
      organizer,
      attendees: attendees.filter((a) => a.participant.role !== 'host').map(({ name, email }) => ({ name, email })),
      rrule: meeting.recurrence,
      exdates: meeting.exdates,
    });
    for (const attendee of attendees) {
      if (attendee.participant.role === 'host') continue;
      let link: string | null = this.views.link(meeting.id);
      if (!attendee.participant.userId) {
        const token = randomBytes(24).toString('base64url');
        await this.meetings.setGuestTokenHash(tx, attendee.participant.id, hashToken(token));
        link = `${this.config.http.publicUrl}/meetings/guest/${token}`;
      }
      const rendered = renderMeetingMail({ meeting, change, start, hostName: organizer.name, link });
      await this.mail.enqueue(tx, {
        kind: `meeting-${change}`,
        to: attendee.email,
        ...rendered,
        calendar: { method: change === 'cancelled' ? 'CANCEL' : 'REQUEST', ics },
      });
    }
    await this.events.publish(tx, {
      name: JobName.MeetingNotify,
      data: { meetingId: meeting.id, sequence: meeting.sequence },
    });
    await this.events.publish(tx, {
      name: JobName.WebhookFanout,
      data: { event: 'meeting.scheduled', meetingId: meeting.id, sequence: meeting.sequence },
    });
  }

  /** Directory participants to tell about the change to `sequence`; null once a later change superseded it. */
  async notifyTargets(
    meetingId: string,
    sequence: number,
  ): Promise<{ meeting: MeetingEntity; change: MeetingChange; userIds: string[]; start: Date } | null> {
    const meeting = await this.meetings.findById(meetingId);
    if (!meeting || meeting.sequence !== sequence) return null;
    const participants = await this.meetings.participantsOf(meetingId);
    const change: MeetingChange =
      meeting.status === MeetingStatus.Cancelled ? 'cancelled' : sequence === 0 ? 'invited' : 'updated';
    const start = occurrenceFrom(meeting, new Date()) ?? meeting.startsAt;
    return {
      meeting,
      change,
      userIds: participants.filter((p) => p.userId && p.userId !== meeting.hostId).map((p) => p.userId as string),
      start,
    };
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
