// Response shapes for the API document: classes for documentation only, mirroring the views the services return.
import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'RoomSummaryRow' })
export class RoomSummaryRowSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ enum: ['agency', 'group', 'direct', 'collaboration'], type: String })
  kind: unknown;

  @ApiProperty({ type: String, nullable: true })
  name: unknown;

  @ApiProperty({ type: String, nullable: true })
  topic: unknown;

  @ApiProperty({ type: String, nullable: true })
  agencyId: unknown;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  archivedAt: unknown;

  @ApiProperty({ type: String })
  lastSeq: unknown;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastMessageAt: unknown;

  @ApiProperty({ type: String })
  lastReadSeq: unknown;

  @ApiProperty({ type: Number })
  unread: unknown;

  @ApiProperty({ type: Number })
  mentions: unknown;

  @ApiProperty({
    type: () => RoomSummaryRowPeerSchema,
    nullable: true,
    description:
      "A direct room's other person (oneself in a room with oneself), by whom the room is named; null for other rooms.",
  })
  peer: unknown;
}

@ApiSchema({ name: 'RoomSummaryRowPeer' })
export class RoomSummaryRowPeerSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  displayName: unknown;

  @ApiProperty({ type: String, nullable: true })
  agencyName: unknown;
}

@ApiSchema({ name: 'RoomView' })
export class RoomViewSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ enum: ['agency', 'group', 'direct', 'collaboration'], type: String })
  kind: unknown;

  @ApiProperty({ type: String, nullable: true })
  name: unknown;

  @ApiProperty({ type: String, nullable: true })
  topic: unknown;

  @ApiProperty({ type: Boolean })
  archived: unknown;

  @ApiProperty({
    enum: ['managers', 'members'],
    type: String,
    description: '초대할 수 있는 사람 / Who may invite: owners (managers) or any member',
  })
  invitePolicy: unknown;
}

@ApiSchema({ name: 'RoomMemberView' })
export class RoomMemberViewSchema {
  @ApiProperty({ type: String })
  userId: unknown;

  @ApiProperty({ type: String })
  login: unknown;

  @ApiProperty({ type: String })
  displayName: unknown;

  @ApiProperty({ type: String, nullable: true })
  agencyId: unknown;

  @ApiProperty({ type: String, nullable: true })
  agencyName: unknown;

  @ApiProperty({ enum: ['member', 'owner'], type: String })
  role: unknown;

  @ApiProperty({ type: String })
  lastReadSeq: unknown;
}

@ApiSchema({ name: 'InviteResponse' })
export class InviteResponseSchema {
  @ApiProperty({ type: String, isArray: true })
  added: unknown;
}

@ApiSchema({ name: 'MessageView' })
export class MessageViewSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  roomId: unknown;

  @ApiProperty({ type: String })
  seq: unknown;

  @ApiProperty({ type: String, nullable: true })
  senderId: unknown;

  @ApiProperty({ type: String, nullable: true })
  senderName: unknown;

  @ApiProperty({ type: String, nullable: true })
  clientMessageId: unknown;

  @ApiProperty({ enum: ['bot', 'text', 'system'], type: String })
  kind: unknown;

  @ApiProperty({ type: String })
  body: unknown;

  @ApiProperty({ type: String, nullable: true })
  threadRootId: unknown;

  @ApiProperty({ type: Number })
  replyCount: unknown;

  @ApiProperty({ type: String, isArray: true })
  mentions: unknown;

  @ApiProperty({ type: () => MessageReactionSchema, isArray: true })
  reactions: unknown;

  @ApiProperty({ type: () => MessageAttachmentSchema, isArray: true })
  attachments: unknown;

  @ApiProperty({ type: String, nullable: true })
  editedAt: unknown;

  @ApiProperty({ type: String, nullable: true })
  deletedAt: unknown;

  @ApiProperty({ type: String })
  createdAt: unknown;
}

@ApiSchema({ name: 'MessageReaction' })
export class MessageReactionSchema {
  @ApiProperty({ type: String })
  emoji: unknown;

  @ApiProperty({ type: String, isArray: true })
  userIds: unknown;
}

@ApiSchema({ name: 'MessageAttachment' })
export class MessageAttachmentSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  name: unknown;

  @ApiProperty({ type: String })
  contentType: unknown;

  @ApiProperty({ type: Number })
  size: unknown;
}

@ApiSchema({ name: 'ChangesPage', description: "대화방 변경 내역 한 쪽 / A page of a room's change feed" })
export class ChangesPageSchema {
  @ApiProperty({ type: String })
  roomId: unknown;

  @ApiProperty({
    type: () => MessageViewSchema,
    isArray: true,
    description: 'the messages changed (new, edited, deleted or reacted to), in change order',
  })
  changes: unknown;

  @ApiProperty({ type: String, description: 'where the next page starts (?after=)' })
  lastChangeSeq: unknown;

  @ApiProperty({ type: Boolean, description: 'whether to ask again' })
  hasMore: unknown;
}

@ApiSchema({ name: 'MarkReadResponse' })
export class MarkReadResponseSchema {
  @ApiProperty({ type: String })
  lastReadSeq: unknown;
}

@ApiSchema({ name: 'ReadReceipt' })
export class ReadReceiptSchema {
  @ApiProperty({ type: String })
  messageId: unknown;

  @ApiProperty({ type: Number })
  readCount: unknown;

  @ApiProperty({ type: Number })
  memberCount: unknown;

  @ApiProperty({ type: () => ReaderSchema, isArray: true })
  readers: unknown;
}

@ApiSchema({ name: 'Reader' })
export class ReaderSchema {
  @ApiProperty({ type: String })
  userId: unknown;

  @ApiProperty({ type: String })
  displayName: unknown;
}
