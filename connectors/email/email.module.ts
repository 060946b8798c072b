import { Module } from '@nestjs/common';
import { MailIngressModule } from '../../src/mail-ingress/mail-ingress.module.js';
import { SmtpIngressServer } from './smtp-ingress.server.js';

/** The SMTP ingress; it listens only in the smtp role. */
@Module({ imports: [MailIngressModule], providers: [SmtpIngressServer], exports: [SmtpIngressServer] })
export class EmailConnectorModule {}
