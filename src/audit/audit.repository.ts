import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity.js';

export type NewAuditEntry = Pick<
  AuditEntryEntity,
  'jobId' | 'action' | 'actorId' | 'subjectType' | 'subjectId' | 'occurredAt'
>;

@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditEntryEntity) private readonly rows: Repository<AuditEntryEntity>) {}

  /** Inserts unless an entry for this job exists; returns whether it inserted. */
  async insertOnce(entry: NewAuditEntry): Promise<boolean> {
    const result = await this.rows
      .createQueryBuilder()
      .insert()
      .into(AuditEntryEntity)
      .values(entry)
      .orIgnore()
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  async listFor(subjectType: string, subjectId: string): Promise<AuditEntryEntity[]> {
    return this.rows.find({ where: { subjectType, subjectId }, order: { occurredAt: 'ASC', id: 'ASC' } });
  }
}
