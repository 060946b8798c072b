/**
 * Where an inbound mail connector (connectors/email's SMTP server) hands what it receives. The
 * connector asks whether a recipient exists before it accepts RCPT, and says 250 only after
 * `accept` resolved: by then the raw message is committed.
 */
export const INBOUND_MAIL_SINK = Symbol('INBOUND_MAIL_SINK');

export interface InboundEnvelope {
  /** MAIL FROM; null for the null sender (`<>`, bounces). */
  from: string | null;
  to: string;
  remoteAddress: string | null;
  /** The name the client gave in HELO/EHLO, for SPF. */
  helo: string | null;
}

/** Where a polled mailbox's mail came from, for its watermark. */
export interface MailboxPosition {
  /** user@host:port/mailbox; never the password. */
  mailbox: string;
  /** The mailbox's UIDVALIDITY, as a decimal string (it is a 32-bit unsigned number). */
  uidValidity: string;
  uid: number;
  /** The room the mailbox feeds. */
  roomId: string;
}

export interface InboundMailSink {
  /** Whether mail to this address is taken (a room's current address). */
  knowsRecipient(address: string): Promise<boolean>;
  /** Stores the raw message for its recipient and queues it for posting; resolves once committed. */
  accept(envelope: InboundEnvelope, raw: Buffer): Promise<string>;
  /** The UID a polled mailbox has been read up to; 0 for a new mailbox or when its UIDVALIDITY changed. */
  mailboxWatermark(mailbox: string, uidValidity: string): Promise<number>;
  /** Stores a polled mail and moves the watermark to its UID in one transaction; null when already past it. */
  acceptFromMailbox(position: MailboxPosition, envelope: InboundEnvelope, raw: Buffer): Promise<string | null>;
}
