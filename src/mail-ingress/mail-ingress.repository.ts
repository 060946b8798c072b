import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { InboundMailEntity, type InboundMailStatus, type MailAuthVerdicts } from './inbound-mail.entity.js';
import { RoomMailAddressEntity, type MailAuthPolicy } from './room-mail-address.entity.js';

@Injectable()
export class MailIngressRepository {
  constructor(
    @InjectRepository(RoomMailAddressEntity) private readonly addresses: Repository<RoomMailAddressEntity>,
    @InjectRepository(InboundMailEntity) private readonly inbound: Repository<InboundMailEntity>,
  ) {}

  async addressOf(roomId: string): Promise<RoomMailAddressEntity | null> {
    return this.addresses.findOneBy({ roomId });
  }

  async roomOfToken(token: string): Promise<string | null> {
    return (await this.addresses.findOneBy({ token }))?.roomId ?? null;
  }

  /** Gives the room this token, replacing any earlier one (which stops receiving at once). */
  async setAddress(roomId: string, token: string, createdBy: string): Promise<RoomMailAddressEntity> {
    await this.addresses.upsert({ roomId, token, createdBy, createdAt: new Date() }, ['roomId']);
    return this.addresses.findOneByOrFail({ roomId });
  }

  async setPolicy(roomId: string, authPolicy: MailAuthPolicy): Promise<void> {
    await this.addresses.update({ roomId }, { authPolicy });
  }

  async insertInbound(tx: Tx, row: Pick<InboundMailEntity, 'roomId' | 'envelopeFrom' | 'envelopeTo' | 'remoteAddress' | 'helo' | 'raw' | 'size'>): Promise<string> {
    const result = await tx.manager.createQueryBuilder().insert().into(InboundMailEntity).values({ ...row, status: 'received' }).returning('id').execute();
    return (result.raw as Array<{ id: string }>)[0]?.id ?? '';
  }

  async findInbound(id: string): Promise<InboundMailEntity | null> {
    return this.inbound.findOneBy({ id });
  }

  async postedWithMessageId(roomId: string, messageId: string): Promise<boolean> {
    return (await this.inbound.countBy({ roomId, messageId, status: 'posted' })) > 0;
  }

  /** Records the outcome; a unique violation (another copy of the Message-ID posted first) is the caller's to handle. */
  async finish(tx: Tx, id: string, outcome: { status: InboundMailStatus; reason?: string | null; messageId?: string | null; postedMessageId?: string | null; auth?: MailAuthVerdicts | null }): Promise<void> {
    await tx.manager.update(InboundMailEntity, { id }, { status: outcome.status, reason: outcome.reason ?? null, messageId: outcome.messageId ?? null, postedMessageId: outcome.postedMessageId ?? null, auth: outcome.auth ?? null, processedAt: new Date() });
  }

  /** Mails committed but not yet processed (a worker died, Redis lost the job). */
  async pendingIds(olderThan: Date, limit: number): Promise<string[]> {
    const rows = await this.inbound.createQueryBuilder('m').select('m.id', 'id').where(`m.status = 'received' AND m.received_at < :olderThan`, { olderThan }).orderBy('m.received_at').limit(limit).getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }
}
