import { Module } from '@nestjs/common';
import { MailIngressModule } from '../../src/mail-ingress/mail-ingress.module.js';
import { ImapPoller } from './imap-poller.js';
import { SmtpIngressServer } from './smtp-ingress.server.js';

/** Mail into rooms: the SMTP server and, when IMAP_URL is set, the mailbox poller; both only in the smtp role. */
@Module({
  imports: [MailIngressModule],
  providers: [SmtpIngressServer, ImapPoller],
  exports: [SmtpIngressServer, ImapPoller],
})
export class EmailConnectorModule {}
