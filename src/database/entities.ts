import { AuditEntryEntity } from '../audit/audit-entry.entity.js';
import { CommandRunEntity } from '../commands/command-run.entity.js';
import { OutboxEventEntity } from '../bus/outbox-event.entity.js';
import { FileEntity } from '../files/file.entity.js';
import { MailThreadEntity } from '../mail-ingress/mail-thread.entity.js';
import { MailThreadMessageEntity } from '../mail-ingress/mail-thread-message.entity.js';
import { InboundMailEntity } from '../mail-ingress/inbound-mail.entity.js';
import { RoomMailAddressEntity } from '../mail-ingress/room-mail-address.entity.js';
import { MailReplyAddressEntity } from '../mail-ingress/mail-reply-address.entity.js';
import { MailboxWatermarkEntity } from '../mail-ingress/mailbox-watermark.entity.js';
import { TaskEntity } from '../tasks/task.entity.js';
import { MemoEntity } from '../memos/memo.entity.js';
import { MemoRecipientEntity } from '../memos/memo-recipient.entity.js';
import { MemoTargetEntity } from '../memos/memo-target.entity.js';
import { WallCommentEntity } from '../wall/wall-comment.entity.js';
import { WallCommentReportEntity } from '../wall/wall-comment-report.entity.js';
import { WallEntity } from '../wall/wall.entity.js';
import { WallLikeEntity } from '../wall/wall-like.entity.js';
import { WallPostEntity } from '../wall/wall-post.entity.js';
import { WallReportEntity } from '../wall/wall-report.entity.js';
import { TaskAgencyEntity } from '../tasks/task-agency.entity.js';
import { TaskChecklistItemEntity } from '../tasks/task-checklist-item.entity.js';
import { TaskDigestSendEntity } from '../tasks/task-digest-send.entity.js';
import { TaskEventEntity } from '../tasks/task-event.entity.js';
import { TaskMemberEntity } from '../tasks/task-member.entity.js';
import { TaskReminderSendEntity } from '../tasks/task-reminder-send.entity.js';
import { FileLargeObjectEntity } from '../files/storage/file-large-object.entity.js';
import { OutboundMailEntity } from '../mail/outbound-mail.entity.js';
import { MailboxAttachmentEntity } from '../mail/mailbox/mailbox-attachment.entity.js';
import { MailboxMailEntity } from '../mail/mailbox/mailbox-mail.entity.js';
import { NotificationDigestEntity } from '../notifications/notification-digest.entity.js';
import { AgencyEntity } from '../identity/agency.entity.js';
import { DepartmentEntity } from '../identity/department.entity.js';
import { RefreshTokenEntity } from '../identity/refresh-token.entity.js';
import { EndedSessionEntity } from '../identity/ended-session.entity.js';
import { UserEntity } from '../identity/user.entity.js';
import { MessageMentionEntity } from '../messenger/message-mention.entity.js';
import { MessageReactionEntity } from '../messenger/message-reaction.entity.js';
import { MessageEntity } from '../messenger/message.entity.js';
import { RoomMemberEntity } from '../messenger/room-member.entity.js';
import { RoomEntity } from '../messenger/room.entity.js';
import { ReminderEntity } from '../reminders/reminder.entity.js';
import { MeetingAttendanceEntity } from '../meetings/meeting-attendance.entity.js';
import { MeetingParticipantEntity } from '../meetings/meeting-participant.entity.js';
import { MeetingReminderSendEntity } from '../meetings/meeting-reminder-send.entity.js';
import { MeetingEntity } from '../meetings/meeting.entity.js';
import { ConsultationClosureEntity } from '../consultations/consultation-closure.entity.js';
import { ConsultationExceptionEntity } from '../consultations/consultation-exception.entity.js';
import { ConsultationScheduleEntity } from '../consultations/consultation-schedule.entity.js';
import { ConsultationTopicEntity } from '../consultations/consultation-topic.entity.js';
import { ConsultationEntity } from '../consultations/consultation.entity.js';
import { WebhookDeliveryEntity } from '../webhooks/webhook-delivery.entity.js';
import { WebhookEntity } from '../webhooks/webhook.entity.js';
import { WebhookSubscriptionEntity } from '../webhooks/webhook-subscription.entity.js';
import { DocumentChangeEntity } from '../documents/document-change.entity.js';
import { DocumentEntryEntity } from '../documents/document-entry.entity.js';
import { DocumentLinkEntity } from '../documents/document-link.entity.js';
import { MatrixEventLinkEntity } from '../matrix/matrix-event-link.entity.js';
import { MatrixPuppetEntity } from '../matrix/matrix-puppet.entity.js';
import { MatrixPuppetRoomEntity } from '../matrix/matrix-puppet-room.entity.js';
import { MatrixRemoteUserEntity } from '../matrix/matrix-remote-user.entity.js';
import { MatrixRoomLinkEntity } from '../matrix/matrix-room-link.entity.js';
import { MatrixTransactionEntity } from '../matrix/matrix-transaction.entity.js';

/**
 * Every entity, for the migration CLI and the other bare data sources (migrate.ts, data-source.ts).
 * The app does not read this list: each module declares its own entities (TypeOrmModule.forFeature),
 * and test/medium/entity-registration.test.ts checks that the two sets agree.
 */
export const ENTITIES = [
  AgencyEntity,
  DepartmentEntity,
  UserEntity,
  RefreshTokenEntity,
  EndedSessionEntity,
  OutboxEventEntity,
  AuditEntryEntity,
  RoomEntity,
  RoomMemberEntity,
  MessageEntity,
  MessageMentionEntity,
  MessageReactionEntity,
  CommandRunEntity,
  ReminderEntity,
  FileEntity,
  FileLargeObjectEntity,
  OutboundMailEntity,
  MailboxMailEntity,
  MailboxAttachmentEntity,
  NotificationDigestEntity,
  MeetingEntity,
  MeetingParticipantEntity,
  MeetingAttendanceEntity,
  MeetingReminderSendEntity,
  ConsultationTopicEntity,
  ConsultationScheduleEntity,
  ConsultationExceptionEntity,
  ConsultationClosureEntity,
  ConsultationEntity,
  RoomMailAddressEntity,
  InboundMailEntity,
  MailThreadEntity,
  MailThreadMessageEntity,
  MailReplyAddressEntity,
  MailboxWatermarkEntity,
  TaskEntity,
  TaskAgencyEntity,
  TaskMemberEntity,
  TaskEventEntity,
  TaskChecklistItemEntity,
  TaskReminderSendEntity,
  TaskDigestSendEntity,
  MemoEntity,
  MemoTargetEntity,
  MemoRecipientEntity,
  WallEntity,
  WallPostEntity,
  WallCommentEntity,
  WallLikeEntity,
  WallReportEntity,
  WallCommentReportEntity,
  WebhookEntity,
  WebhookSubscriptionEntity,
  WebhookDeliveryEntity,
  DocumentLinkEntity,
  DocumentEntryEntity,
  DocumentChangeEntity,
  MatrixRoomLinkEntity,
  MatrixEventLinkEntity,
  MatrixTransactionEntity,
  MatrixPuppetEntity,
  MatrixPuppetRoomEntity,
  MatrixRemoteUserEntity,
];
