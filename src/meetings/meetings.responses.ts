// Response shapes for the API document: classes for documentation only, mirroring the views the services return.
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { VideoJoinLinkSchema } from '../bus/bus.responses.js';

@ApiSchema({ name: 'JoinedResponse' })
export class JoinedResponseSchema {
  @ApiProperty({ type: Boolean })
  recorded: unknown;
}

@ApiSchema({ name: 'LeftResponse' })
export class LeftResponseSchema {
  @ApiProperty({ type: Boolean })
  recorded: unknown;
}

@ApiSchema({ name: 'RoomResponse' })
export class RoomResponseSchema {
  @ApiProperty({ type: Boolean })
  recorded: unknown;
}

@ApiSchema({ name: 'MeetingView' })
export class MeetingViewSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  title: unknown;

  @ApiProperty({ enum: ['advisory_committee', 'meeting', 'consultation'], type: String })
  kind: unknown;

  @ApiProperty({ enum: ['scheduled', 'started', 'ended', 'cancelled'], type: String })
  status: unknown;

  @ApiProperty({ type: String, nullable: true })
  hostId: unknown;

  @ApiProperty({ type: String })
  agencyId: unknown;

  @ApiProperty({ type: String })
  startsAt: unknown;

  @ApiProperty({ type: String })
  endsAt: unknown;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The next occurrence still to come (the start itself for a one-off), or null when none is left.',
  })
  nextStartsAt: unknown;

  @ApiProperty({ type: String, isArray: true, description: 'Occurrences of the series that were dropped.' })
  exdates: unknown;

  @ApiPropertyOptional({
    type: String,
    isArray: true,
    description: 'With the details: the next occurrences still to come (at most 12).',
  })
  upcoming?: unknown;

  @ApiProperty({ type: Number })
  durationMinutes: unknown;

  @ApiProperty({ type: String })
  timeZone: unknown;

  @ApiProperty({ type: String, nullable: true })
  recurrence: unknown;

  @ApiProperty({ type: Boolean })
  lobby: unknown;

  @ApiProperty({ type: String, nullable: true })
  agenda: unknown;

  @ApiProperty({ type: String, nullable: true })
  roomId: unknown;

  @ApiProperty({ type: Number, isArray: true })
  reminderMinutes: unknown;

  @ApiProperty({ type: Number })
  sequence: unknown;

  @ApiProperty({
    type: String,
    description: 'Where people open the meeting in the web client; joining itself is POST /meetings/:id/join.',
  })
  link: unknown;

  @ApiPropertyOptional({ type: () => ParticipantViewSchema, isArray: true })
  participants?: unknown;

  @ApiPropertyOptional({
    type: () => MeetingDocumentSchema,
    isArray: true,
    description:
      "Files posted in the meeting's room, newest first: download with GET /files/:id/content (room members).",
  })
  documents?: unknown;
}

@ApiSchema({ name: 'ParticipantView' })
export class ParticipantViewSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String, nullable: true })
  userId: unknown;

  @ApiProperty({ type: String })
  displayName: unknown;

  @ApiProperty({ enum: ['host', 'participant'], type: String })
  role: unknown;

  @ApiProperty({ type: String })
  invitedVia: unknown;
}

@ApiSchema({ name: 'MeetingDocument' })
export class MeetingDocumentSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  name: unknown;

  @ApiProperty({ type: String })
  contentType: unknown;

  @ApiProperty({ type: Number })
  size: unknown;
}

@ApiSchema({ name: 'MeetingOccurrenceView' })
export class MeetingOccurrenceViewSchema {
  @ApiProperty({ type: String })
  meetingId: unknown;

  @ApiProperty({ type: String })
  title: unknown;

  @ApiProperty({ enum: ['advisory_committee', 'meeting', 'consultation'], type: String })
  kind: unknown;

  @ApiProperty({ enum: ['scheduled', 'started', 'ended', 'cancelled'], type: String })
  status: unknown;

  @ApiProperty({ type: String, nullable: true })
  hostId: unknown;

  @ApiProperty({ type: Boolean })
  lobby: unknown;

  @ApiProperty({ type: Boolean })
  recurring: unknown;

  @ApiProperty({ type: String })
  startsAt: unknown;

  @ApiProperty({ type: String })
  endsAt: unknown;
}

@ApiSchema({ name: 'AttendanceResponse' })
export class AttendanceResponseSchema {
  @ApiProperty({ type: String })
  participantId: unknown;

  @ApiProperty({ type: String })
  displayName: unknown;

  @ApiProperty({ type: String })
  joinedAt: unknown;

  @ApiProperty({ type: String, nullable: true })
  leftAt: unknown;

  @ApiProperty({ type: Number, nullable: true })
  minutes: unknown;
}

@ApiSchema({ name: 'GuestMeetingView' })
export class GuestMeetingViewSchema {
  @ApiProperty({ type: String })
  title: unknown;

  @ApiProperty({ enum: ['scheduled', 'started', 'ended', 'cancelled'], type: String })
  status: unknown;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The occurrence under way or the next one; null once none is left.',
  })
  startsAt: unknown;

  @ApiProperty({ type: String, nullable: true })
  endsAt: unknown;

  @ApiProperty({ type: Number })
  durationMinutes: unknown;

  @ApiProperty({ type: String })
  timeZone: unknown;

  @ApiProperty({ type: Boolean })
  recurring: unknown;

  @ApiProperty({ type: Boolean })
  lobby: unknown;

  @ApiProperty({ type: String, nullable: true })
  hostName: unknown;

  @ApiProperty({
    type: String,
    description: 'The name the invitation was made out to (the guest may join under another).',
  })
  displayName: unknown;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'From when the room lets them in; null once it cannot be joined.',
  })
  joinOpensAt: unknown;
}

@ApiSchema({ name: 'JoinAsGuestResponse' })
export class JoinAsGuestResponseSchema extends VideoJoinLinkSchema {
  @ApiProperty({ type: () => JoinAsGuestResponseMeetingSchema })
  meeting: unknown;
}

@ApiSchema({ name: 'JoinAsGuestResponseMeeting' })
export class JoinAsGuestResponseMeetingSchema {
  @ApiProperty({ type: String })
  title: unknown;

  @ApiProperty({ type: String })
  startsAt: unknown;
}
