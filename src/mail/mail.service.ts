import { Injectable } from '@nestjs/common';
import { JobName } from '../bus/bus.constants.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import type { Tx } from '../database/unit-of-work.js';
import { MailRepository } from './mail.repository.js';

export interface MailToSend {
  kind: string;
  to: string;
  subject: string;
  text: string;
}

/** Stores a rendered mail and its send event in the caller's transaction; a job hands it to the driver. */
@Injectable()
export class MailService {
  constructor(
    private readonly mails: MailRepository,
    private readonly events: EventPublisher,
  ) {}

  async enqueue(tx: Tx, mail: MailToSend): Promise<string> {
    const stored = await this.mails.insert(tx, { kind: mail.kind, toAddress: mail.to, subject: mail.subject, textBody: mail.text });
    await this.events.publish(tx, { name: JobName.MailSend, data: { mailId: stored.id } });
    return stored.id;
  }
}
