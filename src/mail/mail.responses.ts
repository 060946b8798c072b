// Response shapes for the API document: classes for documentation only, mirroring the views the services return.
import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'MailboxPage' })
export class MailboxPageSchema {
  @ApiProperty({ type: () => MailboxMailSummarySchema, isArray: true })
  mails: unknown;

  @ApiProperty({ type: String, nullable: true })
  nextCursor: unknown;

  @ApiProperty({
    type: Boolean,
    description: 'Whether mail is kept here at all (MAIL_DRIVER=mailbox, or MAIL_MAILBOX_COPY with another driver).',
  })
  keeping: unknown;

  @ApiProperty({ type: () => MailboxPageRetentionSchema })
  retention: unknown;
}

@ApiSchema({ name: 'MailboxMailSummary' })
export class MailboxMailSummarySchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  kind: unknown;

  @ApiProperty({ type: String })
  from: unknown;

  @ApiProperty({ type: String })
  to: unknown;

  @ApiProperty({ type: String })
  subject: unknown;

  @ApiProperty({ type: String })
  createdAt: unknown;

  @ApiProperty({
    enum: ['failed', 'pending', 'sent'],
    type: String,
    description: "The outbound mail's own state: sent (kept, or handed to SMTP), pending, or failed.",
  })
  status: unknown;

  @ApiProperty({ type: Boolean })
  hasHtml: unknown;

  @ApiProperty({ type: () => MailboxAttachmentViewSchema, isArray: true })
  attachments: unknown;
}

@ApiSchema({ name: 'MailboxAttachmentView' })
export class MailboxAttachmentViewSchema {
  @ApiProperty({ type: Number })
  ordinal: unknown;

  @ApiProperty({ type: String })
  filename: unknown;

  @ApiProperty({ type: String })
  contentType: unknown;

  @ApiProperty({ type: Number })
  size: unknown;
}

@ApiSchema({ name: 'MailboxPageRetention' })
export class MailboxPageRetentionSchema {
  @ApiProperty({ type: Number })
  keep: unknown;

  @ApiProperty({ type: Number })
  days: unknown;
}

@ApiSchema({ name: 'MailboxMailView' })
export class MailboxMailViewSchema extends MailboxMailSummarySchema {
  @ApiProperty({ type: String, nullable: true })
  replyTo: unknown;

  @ApiProperty({ type: String })
  messageId: unknown;

  @ApiProperty({ type: 'object', additionalProperties: true })
  headers: unknown;

  @ApiProperty({ type: String })
  text: unknown;

  @ApiProperty({ type: String, nullable: true })
  lastError: unknown;
}
