import { Inject, Injectable } from '@nestjs/common';
import { validationFailed } from '../common/ieum.exception.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { FileRepository } from '../files/file.repository.js';
import type { Principal } from '../identity/identity.types.js';
import type { MeetingEntity } from './meeting.entity.js';
import { MeetingRepository } from './meeting.repository.js';
import { MeetingStatus, type MeetingKind } from './meetings.types.js';
import { occurrenceFrom } from './occurrences.js';

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

/** What meetings look like to their readers: the meeting view, its link, and the calendar of occurrences. */
@Injectable()
export class MeetingViewService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly meetings: MeetingRepository,
    private readonly files: FileRepository,
  ) {}

  /** Every occurrence of the caller's meetings that overlaps [from, to) (at most 42 days), for a calendar; cancelled ones left out. */
  async calendar(principal: Principal, from: Date, to: Date): Promise<MeetingOccurrenceView[]> {
    if (
      Number.isNaN(from.getTime()) ||
      Number.isNaN(to.getTime()) ||
      to.getTime() <= from.getTime() ||
      to.getTime() - from.getTime() > 42 * 86_400_000
    ) {
      throw validationFailed([{ field: 'to', problems: ['after from, at most 42 days later'] }]);
    }
    const out: MeetingOccurrenceView[] = [];
    for (const m of await this.meetings.listForUserBetween(principal.userId, from, to, 500)) {
      const length = m.durationMinutes * 60_000;
      const last =
        m.status === MeetingStatus.Ended && m.endedAt ? Math.min(m.endedAt.getTime(), to.getTime()) : to.getTime();
      let at = occurrenceFrom(m, new Date(from.getTime() - length + 1));
      for (let i = 0; at && at.getTime() < last && i < 200; i++) {
        out.push({
          meetingId: m.id,
          title: m.title,
          kind: m.kind,
          status: m.status,
          hostId: m.hostId,
          lobby: m.lobby,
          recurring: m.recurrence !== null,
          startsAt: at.toISOString(),
          endsAt: new Date(at.getTime() + length).toISOString(),
        });
        at = m.recurrence ? occurrenceFrom(m, new Date(at.getTime() + 1000)) : null;
      }
    }
    return out.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  }

  link(meetingId: string): string {
    return `${this.config.http.publicUrl}/meetings/${meetingId}`;
  }

  async view(meeting: MeetingEntity, withParticipants: boolean): Promise<MeetingView> {
    const next =
      meeting.status === MeetingStatus.Scheduled || meeting.status === MeetingStatus.Started
        ? occurrenceFrom(meeting, new Date(Date.now() - meeting.durationMinutes * 60_000))
        : null;
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
      view.participants = (await this.meetings.participantsOf(meeting.id)).map((p) => ({
        id: p.id,
        userId: p.userId,
        displayName: p.displayName,
        role: p.role,
        invitedVia: p.invitedVia,
      }));
      view.documents = meeting.roomId
        ? (await this.files.postedIn(meeting.roomId, 50)).map((f) => ({
            id: f.id,
            name: f.name,
            contentType: f.contentType,
            size: Number(f.size),
          }))
        : [];
    }
    return view;
  }
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
