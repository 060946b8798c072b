export const MAIL_DRIVER = Symbol('MAIL_DRIVER');

export interface OutgoingMail {
  id: string;
  to: string;
  subject: string;
  text: string;
}

/** One interface for every way mail leaves: a logging driver for development, SMTP later. */
export interface MailDriver {
  send(mail: OutgoingMail): Promise<{ providerMessageId: string }>;
  checkConnection(): Promise<{ ok: boolean; detail: string }>;
}
