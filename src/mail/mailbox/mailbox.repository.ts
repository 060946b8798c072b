import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { OutboundMailStatus } from '../outbound-mail.entity.js';
import { MailboxAttachmentEntity } from './mailbox-attachment.entity.js';
import { MailboxMailEntity } from './mailbox-mail.entity.js';

export type NewMailboxMail = Omit<MailboxMailEntity, 'createdAt' | 'mail'>;
export interface NewMailboxAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface MailboxRow extends MailboxMailEntity {
  status: OutboundMailStatus;
  lastError: string | null;
  attachments: Array<Pick<MailboxAttachmentEntity, 'ordinal' | 'filename' | 'contentType' | 'size'>>;
}

@Injectable()
export class MailboxRepository {
  constructor(
    @InjectRepository(MailboxMailEntity) private readonly mails: Repository<MailboxMailEntity>,
    @InjectRepository(MailboxAttachmentEntity) private readonly attachments: Repository<MailboxAttachmentEntity>,
  ) {}

  /** Keeps one copy of a mail (a send job that runs again finds it there), then applies the retention. */
  async store(
    mail: NewMailboxMail,
    attachments: NewMailboxAttachment[],
    retention: { keep: number; days: number },
  ): Promise<boolean> {
    const stored = await this.mails.manager.transaction(async (manager) => {
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(MailboxMailEntity)
        .values(mail)
        .orIgnore()
        .returning('id')
        .execute();
      if ((inserted.raw as unknown[]).length === 0) return false;
      if (attachments.length > 0) {
        await manager.insert(
          MailboxAttachmentEntity,
          attachments.map((a, ordinal) => ({
            mailId: mail.id,
            ordinal,
            filename: a.filename,
            contentType: a.contentType,
            size: a.content.length,
            content: a.content,
          })),
        );
      }
      return true;
    });
    if (stored) await this.prune(retention);
    return stored;
  }

  /** Drops what is older than `days`, and everything past the newest `keep`. */
  async prune(retention: { keep: number; days: number }): Promise<number> {
    const old: unknown = await this.mails.manager.query(
      `DELETE FROM mailbox_mails WHERE created_at < now() - make_interval(days => $1)`,
      [retention.days],
    );
    const over: unknown = await this.mails.manager.query(
      `DELETE FROM mailbox_mails WHERE (created_at, id) < (SELECT created_at, id FROM mailbox_mails ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT 1)`,
      [retention.keep - 1],
    );
    return affected(old) + affected(over);
  }

  /** Newest first, after the (created_at, id) of the previous page's last row; `search` matches the recipient or the subject. */
  async page(query: {
    search?: string;
    before?: { createdAt: Date; id: string };
    limit: number;
  }): Promise<MailboxRow[]> {
    const qb = this.mails
      .createQueryBuilder('m')
      .innerJoin('outbound_mails', 'o', 'o.id = m.id')
      .addSelect(['o.status AS o_status', 'o.last_error AS o_last_error']);
    if (query.search) {
      const pattern = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(m.to_address ILIKE :pattern OR m.subject ILIKE :pattern)', { pattern });
    }
    if (query.before)
      qb.andWhere('(m.created_at, m.id) < (:beforeAt, CAST(:beforeId AS uuid))', {
        beforeAt: query.before.createdAt,
        beforeId: query.before.id,
      });
    const { entities, raw } = await qb
      .orderBy('m.created_at', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .limit(query.limit)
      .getRawAndEntities<{ o_status: OutboundMailStatus; o_last_error: string | null }>();
    return this.withParts(entities, raw);
  }

  async find(id: string): Promise<MailboxRow | null> {
    const { entities, raw } = await this.mails
      .createQueryBuilder('m')
      .innerJoin('outbound_mails', 'o', 'o.id = m.id')
      .addSelect(['o.status AS o_status', 'o.last_error AS o_last_error'])
      .where('m.id = :id', { id })
      .getRawAndEntities<{ o_status: OutboundMailStatus; o_last_error: string | null }>();
    return (await this.withParts(entities, raw))[0] ?? null;
  }

  async attachment(mailId: string, ordinal: number): Promise<MailboxAttachmentEntity | null> {
    return this.attachments
      .createQueryBuilder('a')
      .addSelect('a.content')
      .where('a.mail_id = :mailId AND a.ordinal = :ordinal', { mailId, ordinal })
      .getOne();
  }

  private async withParts(
    entities: MailboxMailEntity[],
    raw: Array<{ o_status: OutboundMailStatus; o_last_error: string | null }>,
  ): Promise<MailboxRow[]> {
    if (entities.length === 0) return [];
    const parts = await this.attachments
      .createQueryBuilder('a')
      .where('a.mail_id = ANY(:ids)', { ids: entities.map((e) => e.id) })
      .orderBy('a.mail_id')
      .addOrderBy('a.ordinal')
      .getMany();
    return entities.map((mail, i) => ({
      ...mail,
      status: raw[i]?.o_status ?? 'pending',
      lastError: raw[i]?.o_last_error ?? null,
      attachments: parts
        .filter((p) => p.mailId === mail.id)
        .map((p) => ({ ordinal: p.ordinal, filename: p.filename, contentType: p.contentType, size: p.size })),
    }));
  }
}

function affected(result: unknown): number {
  // pg answers a DELETE through TypeORM's query() as [rows, count].
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}
