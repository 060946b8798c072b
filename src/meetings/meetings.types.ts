export const MeetingKind = {
  Meeting: 'meeting',
  AdvisoryCommittee: 'advisory_committee',
  Consultation: 'consultation',
} as const;
export type MeetingKind = (typeof MeetingKind)[keyof typeof MeetingKind];

export const MeetingStatus = {
  Scheduled: 'scheduled',
  Started: 'started',
  Ended: 'ended',
  Cancelled: 'cancelled',
} as const;
export type MeetingStatus = (typeof MeetingStatus)[keyof typeof MeetingStatus];

export type ParticipantRole = 'host' | 'participant';
export type InvitedVia = 'user' | 'agency' | 'department' | 'guest';

export const DEFAULT_REMINDER_MINUTES = [1440, 10] as const;
