/**
 * Every queue and job Ieum runs, by stable string literals (never a class name), and the payload
 * each job carries. A handler's data type follows from its job name. Payloads hold ids, never
 * secrets or personal data.
 */
export const QueueName = {
  Audit: 'audit',
  Commands: 'commands',
  Reminders: 'reminders',
  Mail: 'mail',
  Notifications: 'notifications',
  Meetings: 'meetings',
  Consultations: 'consultations',
  MailIngress: 'mail-ingress',
  Tasks: 'tasks',
  Memos: 'memos',
  Directory: 'directory',
  Webhooks: 'webhooks',
  Documents: 'documents',
  Matrix: 'matrix',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  AuditRecord: 'audit-record',
  CommandRun: 'command-run',
  ReminderFire: 'reminder-fire',
  ReminderSweep: 'reminder-sweep',
  MailSend: 'mail-send',
  MailFailed: 'mail-failed',
  DigestSweep: 'digest-sweep',
  MeetingNotify: 'meeting-notify',
  MeetingReminder: 'meeting-reminder',
  MeetingReminderSweep: 'meeting-reminder-sweep',
  ConsultationNotify: 'consultation-notify',
  ConsultationReminder: 'consultation-reminder',
  ConsultationSweep: 'consultation-sweep',
  MailIngest: 'mail-ingest',
  MailIngestSweep: 'mail-ingest-sweep',
  TaskChanged: 'task-changed',
  TaskSweep: 'task-sweep',
  MemoDeliver: 'memo-deliver',
  MemoNudge: 'memo-nudge',
  MemoSweep: 'memo-sweep',
  DirectoryUserChanged: 'directory-user-changed',
  WebhookFanout: 'webhook-fanout',
  WebhookDeliver: 'webhook-deliver',
  DocumentSweep: 'document-sweep',
  DocumentSync: 'document-sync',
  DocumentChanged: 'document-changed',
  DocumentLinkParked: 'document-link-parked',
  MatrixRoomSync: 'matrix-room-sync',
  MatrixSweep: 'matrix-sweep',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

export interface JobPayloads {
  [JobName.AuditRecord]: {
    action: string;
    actorId: string | null;
    subjectType: string;
    subjectId: string;
    occurredAt: string;
  };
  /** A message that starts with '/' was committed; run it through the command pipeline. */
  [JobName.CommandRun]: { messageId: string };
  /** Fire a reminder if it is still due at `at` (ISO); a moved or cancelled one is skipped. */
  [JobName.ReminderFire]: { reminderId: string; at: string };
  /** Enqueue again the reminder jobs due soon (ids make it a no-op for the jobs Redis still holds). */
  [JobName.ReminderSweep]: Record<string, never>;
  /** Hand a stored, rendered mail to the mail driver. */
  [JobName.MailSend]: { mailId: string };
  /** A stored mail will not be delivered (refused for good, or out of attempts): tell whoever wrote it. */
  [JobName.MailFailed]: { mailId: string };
  /** Look for people away long enough with unread mentions or direct messages, and mail them a digest. */
  [JobName.DigestSweep]: Record<string, never>;
  /** Tell a meeting's directory participants, by messenger, about its change to `sequence`. */
  [JobName.MeetingNotify]: { meetingId: string; sequence: number };
  /** Remind participants `offsetMinutes` before the occurrence at `occurrenceAt` (ISO), if it still stands. */
  [JobName.MeetingReminder]: { meetingId: string; occurrenceAt: string; offsetMinutes: number };
  /** Enqueue again the meeting reminders still to come (ids make it a no-op for the jobs Redis still holds). */
  [JobName.MeetingReminderSweep]: Record<string, never>;
  /** Tell the assigned investigator, by messenger, that a consultation was booked, moved or cancelled (as of `startsAt`, ISO). */
  [JobName.ConsultationNotify]: { consultationId: string; change: 'booked' | 'moved' | 'cancelled'; startsAt: string };
  /** Remind both sides `offsetMinutes` before the consultation, if it still starts at `startsAt` (ISO). */
  [JobName.ConsultationReminder]: { consultationId: string; startsAt: string; offsetMinutes: number };
  /** Expire unconfirmed holds, clear citizen data past retention, and re-enqueue reminders Redis may have lost. */
  [JobName.ConsultationSweep]: Record<string, never>;
  /** Parse a mail the SMTP server committed and post it into its room, once. */
  [JobName.MailIngest]: { inboundId: string };
  /** Enqueue again the committed mails no job holds (a lost job, a crashed worker). */
  [JobName.MailIngestSweep]: Record<string, never>;
  /** Post the card for one change of a task in its room, mentioning whom it concerns. */
  [JobName.TaskChanged]: { taskId: string; eventId: string };
  /** Send due reminders and the morning overdue digests that are due. */
  [JobName.TaskSweep]: Record<string, never>;
  /** Tell each recipient of a memo, by messenger, that it arrived. */
  [JobName.MemoDeliver]: { memoId: string };
  /** Remind a memo's recipients who have not answered (decided when it runs), as asked at `at` (ISO). */
  [JobName.MemoNudge]: { memoId: string; at: string };
  /** Queue the automatic nudges of memos whose deadline is near. */
  [JobName.MemoSweep]: Record<string, never>;
  /** A person was added to the org chart (or their place in it changed): their agency room follows. */
  [JobName.DirectoryUserChanged]: { userId: string };
  /** Something outgoing webhooks may subscribe to happened: one delivery for each subscription to it. */
  [JobName.WebhookFanout]: OutgoingEvent;
  /** Send one stored delivery to its subscriber, signed; the bus retries it with back-off. */
  [JobName.WebhookDeliver]: { deliveryId: string };
  /** Queue a sync of every linked document folder that is not parked. */
  [JobName.DocumentSweep]: Record<string, never>;
  /** Compare a linked folder with its watermark and record what changed (first run: the baseline). */
  [JobName.DocumentSync]: { linkId: string };
  /** Announce in its room what one sync of a linked folder found changed (added, changed, removed). */
  [JobName.DocumentChanged]: { batchId: string };
  /** Tell a room its linked folder stopped answering (or refused the password) and is parked as of `parkedAt` (ISO). */
  [JobName.DocumentLinkParked]: { linkId: string; parkedAt: string };
  /** Carry a Matrix-linked room's new, edited and deleted messages to Matrix, in order, unless its lane is parked. */
  [JobName.MatrixRoomSync]: { roomId: string };
  /** Queue a sync for every linked room with something left to carry and no park in force (what a lost job or a crash left). */
  [JobName.MatrixSweep]: Record<string, never>;
}

/** What an outgoing webhook can subscribe to: the event's name and the ids that say what happened. */
export type OutgoingEvent =
  | { event: 'message.created'; messageId: string; roomId: string }
  | { event: 'task.changed'; taskId: string; taskEventId: string }
  | { event: 'memo.answered'; memoId: string; userId: string }
  | { event: 'meeting.scheduled'; meetingId: string; sequence: number };
export type OutgoingEventName = OutgoingEvent['event'];
export const OUTGOING_EVENTS: readonly OutgoingEventName[] = [
  'message.created',
  'task.changed',
  'memo.answered',
  'meeting.scheduled',
];

export type JobPayload<N extends JobName> = JobPayloads[N];

/** One union, discriminated by name: what the outbox stores and the relay enqueues. */
export type BusEvent = { [N in JobName]: { name: N; data: JobPayloads[N] } }[JobName];

export const JOB_QUEUE: Readonly<Record<JobName, QueueName>> = {
  [JobName.AuditRecord]: QueueName.Audit,
  [JobName.CommandRun]: QueueName.Commands,
  [JobName.ReminderFire]: QueueName.Reminders,
  [JobName.ReminderSweep]: QueueName.Reminders,
  [JobName.MailSend]: QueueName.Mail,
  [JobName.MailFailed]: QueueName.Mail,
  [JobName.DigestSweep]: QueueName.Notifications,
  [JobName.MeetingNotify]: QueueName.Meetings,
  [JobName.MeetingReminder]: QueueName.Meetings,
  [JobName.MeetingReminderSweep]: QueueName.Meetings,
  [JobName.ConsultationNotify]: QueueName.Consultations,
  [JobName.ConsultationReminder]: QueueName.Consultations,
  [JobName.ConsultationSweep]: QueueName.Consultations,
  [JobName.MailIngest]: QueueName.MailIngress,
  [JobName.MailIngestSweep]: QueueName.MailIngress,
  [JobName.TaskChanged]: QueueName.Tasks,
  [JobName.TaskSweep]: QueueName.Tasks,
  [JobName.MemoDeliver]: QueueName.Memos,
  [JobName.MemoNudge]: QueueName.Memos,
  [JobName.MemoSweep]: QueueName.Memos,
  [JobName.DirectoryUserChanged]: QueueName.Directory,
  [JobName.WebhookFanout]: QueueName.Webhooks,
  [JobName.WebhookDeliver]: QueueName.Webhooks,
  [JobName.DocumentSweep]: QueueName.Documents,
  [JobName.DocumentSync]: QueueName.Documents,
  [JobName.DocumentChanged]: QueueName.Documents,
  [JobName.DocumentLinkParked]: QueueName.Documents,
  [JobName.MatrixRoomSync]: QueueName.Matrix,
  [JobName.MatrixSweep]: QueueName.Matrix,
};

export interface JobContext {
  jobId: string;
  /** The outbox row the job came from, when it came from one: a stable idempotency key. */
  eventId: string | undefined;
  attempt: number;
  /** How many attempts the job has in all: the one numbered so is its last. */
  maxAttempts: number;
}
