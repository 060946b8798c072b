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

export interface InboundMailSink {
  /** Whether mail to this address is taken (a room's current address). */
  knowsRecipient(address: string): Promise<boolean>;
  /** Stores the raw message for its recipient and queues it for posting; resolves once committed. */
  accept(envelope: InboundEnvelope, raw: Buffer): Promise<string>;
}
