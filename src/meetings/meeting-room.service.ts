import { Inject, Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import {
  VIDEO_CONFERENCE_PROVIDER,
  type VideoConferenceProvider,
  type VideoJoinLink,
} from '../bus/capabilities/video-conference.provider.js';
import { validationFailed } from '../common/ieum.exception.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import type { Principal } from '../identity/identity.types.js';
import { UserRepository } from '../identity/user.repository.js';
import type { MeetingParticipantEntity } from './meeting-participant.entity.js';
import type { MeetingEntity } from './meeting.entity.js';
import { MeetingException } from './meeting.exception.js';
import { MeetingRepository } from './meeting.repository.js';
import { hashToken } from './meeting-invitations.service.js';
import { MeetingKind, MeetingStatus } from './meetings.types.js';
import { occurrenceFrom } from './occurrences.js';

/** What an outside guest's invitation link shows before they join: the meeting, not its people. */
export interface GuestMeetingView {
  title: string;
  status: MeetingStatus;
  /** The occurrence under way or the next one; null once none is left. */
  startsAt: string | null;
  endsAt: string | null;
  durationMinutes: number;
  timeZone: string;
  recurring: boolean;
  lobby: boolean;
  hostName: string | null;
  /** The name the invitation was made out to (the guest may join under another). */
  displayName: string;
  /** From when the room lets them in; null once it cannot be joined. */
  joinOpensAt: string | null;
}

/**
 * The video room of a meeting: who may enter and when, the personal join links, and the attendance
 * that entering, leaving and the deployment's webhooks record.
 */
@Injectable()
export class MeetingRoomService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    @Inject(VIDEO_CONFERENCE_PROVIDER) private readonly video: VideoConferenceProvider,
    private readonly meetings: MeetingRepository,
    private readonly users: UserRepository,
    private readonly access: AccessService,
  ) {}

  /** A personal link into the video room, for a participant, around the meeting's time. */
  async join(principal: Principal, id: string, now = new Date()): Promise<VideoJoinLink> {
    await this.access.requireAccess(principal, 'meeting.join', id);
    const [meeting, participant] = await Promise.all([
      this.meetings.findById(id),
      this.meetings.participantOf(id, principal.userId),
    ]);
    if (!meeting || !participant) throw MeetingException.notFound();
    const user = await this.users.findById(principal.userId);
    return this.enter(
      meeting,
      participant,
      { name: participant.displayName, email: user?.email ?? undefined, timeZone: user?.timeZone ?? meeting.timeZone },
      now,
    );
  }

  /** The meeting an outside guest's token belongs to, as their join page shows it. */
  async guestView(token: string, now = new Date()): Promise<GuestMeetingView> {
    const { meeting, participant } = await this.byGuestToken(token);
    const window = this.window(meeting, now);
    const host = meeting.hostId ? await this.users.findById(meeting.hostId) : null;
    const open = window && meeting.status !== MeetingStatus.Cancelled && meeting.status !== MeetingStatus.Ended;
    return {
      title: meeting.title,
      status: meeting.status,
      startsAt: window?.start.toISOString() ?? null,
      endsAt: window?.end.toISOString() ?? null,
      durationMinutes: meeting.durationMinutes,
      timeZone: meeting.timeZone,
      recurring: meeting.recurrence !== null,
      lobby: meeting.lobby,
      hostName: host?.displayName ?? null,
      displayName: participant.displayName,
      joinOpensAt: open ? new Date(window.start.getTime() - window.margin).toISOString() : null,
    };
  }

  /** The same for an outside guest, who holds only the personal token from their invitation; `name` is how the room shows them. */
  async joinAsGuest(
    token: string,
    name?: string,
    now = new Date(),
  ): Promise<VideoJoinLink & { meeting: { title: string; startsAt: string } }> {
    const { meeting, participant } = await this.byGuestToken(token);
    const shown = name?.trim() ?? '';
    if (name !== undefined && (shown.length === 0 || shown.length > 100))
      throw validationFailed([{ field: 'name', problems: ['a name of 1 to 100 characters'] }]);
    // A guest has no zone of their own here: the meeting's is the one their invitation gave.
    const link = await this.enter(
      meeting,
      participant,
      { name: shown || participant.displayName, email: participant.email ?? undefined, timeZone: meeting.timeZone },
      now,
    );
    return { ...link, meeting: { title: meeting.title, startsAt: meeting.startsAt.toISOString() } };
  }

  async leave(principal: Principal, id: string, now = new Date()): Promise<void> {
    const participant = await this.meetings.participantOf(id, principal.userId);
    if (!participant) throw MeetingException.notFound();
    await this.meetings.closeStays(id, participant.id, now);
  }

  /** Who joined and for how long: the host (and system administrators) only. */
  async attendance(
    principal: Principal,
    id: string,
  ): Promise<
    Array<{
      participantId: string;
      displayName: string;
      joinedAt: string;
      leftAt: string | null;
      minutes: number | null;
    }>
  > {
    await this.access.requireAccess(principal, 'meeting.host', id);
    return (await this.meetings.attendance(id)).map((a) => ({
      participantId: a.participantId,
      displayName: a.displayName,
      joinedAt: a.joinedAt.toISOString(),
      leftAt: a.leftAt?.toISOString() ?? null,
      minutes: a.leftAt ? Math.round((a.leftAt.getTime() - a.joinedAt.getTime()) / 60_000) : null,
    }));
  }

  /**
   * Attendance reported by the video deployment (Jitsi's event_sync component): the occupant's
   * id is the one our join token carried, a user id or a guest participant id. Repeats change
   * nothing; an unknown room or person is ignored (the deployment may serve other applications).
   */
  async recordProviderPresence(event: {
    kind: 'joined' | 'left';
    room: string;
    occupantId: string;
    at: Date;
  }): Promise<boolean> {
    const meeting = await this.meetings.findByVideoRoom(event.room);
    if (!meeting) return false;
    const participant = await this.meetings.participantByOccupantId(meeting.id, event.occupantId);
    if (!participant) return false;
    if (event.kind === 'left') return (await this.meetings.closeStays(meeting.id, participant.id, event.at)) > 0;
    const opened = await this.meetings.openStay(meeting.id, participant.id, 'jitsi', event.at);
    if (meeting.status === MeetingStatus.Scheduled)
      await this.meetings.update(undefined, meeting.id, { status: MeetingStatus.Started, startedAt: event.at });
    return opened;
  }

  private async byGuestToken(
    token: string,
  ): Promise<{ meeting: MeetingEntity; participant: MeetingParticipantEntity }> {
    const participant = /^[A-Za-z0-9_-]{20,100}$/.test(token)
      ? await this.meetings.participantByTokenHash(hashToken(token))
      : null;
    const meeting = participant ? await this.meetings.findById(participant.meetingId) : null;
    if (!participant || !meeting) throw MeetingException.linkInvalid();
    return { meeting, participant };
  }

  /** The occurrence under way or the next one (one that started up to its length and the margin ago still counts). */
  private window(meeting: MeetingEntity, now: Date): { start: Date; end: Date; margin: number } | null {
    const marginMinutes =
      meeting.kind === MeetingKind.Consultation
        ? this.config.consultations.joinMarginMinutes
        : this.config.jitsi.marginMinutes;
    const margin = marginMinutes * 60_000;
    const start = occurrenceFrom(meeting, new Date(now.getTime() - meeting.durationMinutes * 60_000 - margin));
    return start ? { start, end: new Date(start.getTime() + meeting.durationMinutes * 60_000), margin } : null;
  }

  private async enter(
    meeting: MeetingEntity,
    participant: MeetingParticipantEntity,
    who: { name: string; email?: string; timeZone: string },
    now: Date,
  ): Promise<VideoJoinLink> {
    if (meeting.status === MeetingStatus.Cancelled) throw MeetingException.closed();
    if (meeting.status === MeetingStatus.Ended) throw MeetingException.over();
    const window = this.window(meeting, now);
    if (!window) throw MeetingException.over();
    if (now.getTime() < window.start.getTime() - window.margin)
      throw MeetingException.notOpenYet(new Date(window.start.getTime() - window.margin), who.timeZone, now);
    return this.letIn(meeting, participant, who, window, now);
  }

  /** The outside guest of a meeting another domain keeps (a consultation's citizen), with the meeting; null when either is gone. */
  async guestOf(meetingId: string): Promise<{ meeting: MeetingEntity; guest: MeetingParticipantEntity } | null> {
    const meeting = await this.meetings.findById(meetingId);
    const guest = meeting ? (await this.meetings.participantsOf(meeting.id)).find((p) => p.userId === null) : undefined;
    return meeting && guest ? { meeting, guest } : null;
  }

  /**
   * Lets the guest of a kept meeting in, once its keeper's own rules (a consultation's status and
   * times) have said they may enter now: their link, their stay, and the meeting under way, as for
   * anyone entering.
   */
  async admitGuest(
    entry: { meeting: MeetingEntity; guest: MeetingParticipantEntity },
    who: { name: string; email?: string },
    now = new Date(),
  ): Promise<VideoJoinLink> {
    const window = this.window(entry.meeting, now);
    if (!window) throw MeetingException.over();
    return this.letIn(entry.meeting, entry.guest, who, window, now);
  }

  private async letIn(
    meeting: MeetingEntity,
    participant: MeetingParticipantEntity,
    who: { name: string; email?: string },
    window: { start: Date; end: Date; margin: number },
    now: Date,
  ): Promise<VideoJoinLink> {
    const link = await this.video.joinUrl({
      room: meeting.videoRoom,
      participant: {
        id: participant.userId ?? participant.id,
        name: who.name,
        email: who.email,
        moderator: participant.role === 'host',
      },
      window: { startsAt: window.start, endsAt: window.end },
      lobby: meeting.lobby,
      marginMinutes: window.margin / 60_000,
      now,
    });
    await this.entered(meeting, participant.id, now);
    return link;
  }

  /**
   * Someone was let into the room: their stay opens, and a meeting still scheduled is under way
   * from now. Every way into a room (a participant's, a guest's, a citizen's) ends here.
   */
  private async entered(meeting: MeetingEntity, participantId: string, now: Date): Promise<void> {
    await this.meetings.openStay(meeting.id, participantId, 'client', now);
    if (meeting.status === MeetingStatus.Scheduled)
      await this.meetings.update(undefined, meeting.id, { status: MeetingStatus.Started, startedAt: now });
  }
}
