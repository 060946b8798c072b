import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { OutboundMailEntity } from './outbound-mail.entity.js';

@Injectable()
export class MailRepository {
  constructor(@InjectRepository(OutboundMailEntity) private readonly mails: Repository<OutboundMailEntity>) {}

  async insert(
    tx: Tx,
    mail: Pick<
      OutboundMailEntity,
      | 'id'
      | 'kind'
      | 'toAddress'
      | 'subject'
      | 'textBody'
      | 'htmlBody'
      | 'calendarMethod'
      | 'calendarIcs'
      | 'messageId'
      | 'fromAddress'
      | 'replyTo'
      | 'inReplyTo'
      | 'referencesHeader'
      | 'fileIds'
      | 'headers'
    >,
  ): Promise<OutboundMailEntity> {
    return tx.manager.save(tx.manager.create(OutboundMailEntity, { ...mail, status: 'pending', attempts: 0 }));
  }

  async recordAttempt(id: string, error: string): Promise<void> {
    await this.mails.increment({ id }, 'attempts', 1);
    await this.mails.update({ id }, { lastError: error.slice(0, 500) });
  }

  /** True when this call moved it from pending to failed. */
  async markFailed(tx: Tx, id: string, error: string): Promise<boolean> {
    const result = await tx.manager.update(
      OutboundMailEntity,
      { id, status: 'pending' },
      { status: 'failed', lastError: error.slice(0, 500) },
    );
    return (result.affected ?? 0) > 0;
  }

  /** A mail accepted by the next server that came back as a delivery report: failed after all. */
  async markBounced(id: string, error: string): Promise<void> {
    await this.mails.update(
      { id, status: In(['pending', 'sent']) },
      { status: 'failed', lastError: error.slice(0, 500) },
    );
  }

  async findById(id: string): Promise<OutboundMailEntity | null> {
    return this.mails.findOneBy({ id });
  }

  async markSent(id: string, providerMessageId: string): Promise<void> {
    await this.mails.update({ id, status: 'pending' }, { status: 'sent', providerMessageId, sentAt: new Date() });
  }
}
