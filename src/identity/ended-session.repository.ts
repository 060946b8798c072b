import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, Repository } from 'typeorm';
import { EndedSessionEntity } from './ended-session.entity.js';

@Injectable()
export class EndedSessionRepository {
  constructor(@InjectRepository(EndedSessionEntity) private readonly rows: Repository<EndedSessionEntity>) {}

  /** Records sessions that ended, and forgets those whose tokens have all expired. */
  async record(sessionIds: readonly string[], reason: string, expiresAt: Date): Promise<void> {
    await this.rows.upsert(
      [...new Set(sessionIds)].map((sessionId) => ({ sessionId, reason, expiresAt })),
      ['sessionId'],
    );
    await this.rows.createQueryBuilder().delete().where('expires_at < now()').execute();
  }

  async reasonOf(sessionId: string): Promise<string | null> {
    return (await this.rows.findOneBy({ sessionId }))?.reason ?? null;
  }

  async listUnexpired(): Promise<EndedSessionEntity[]> {
    return this.rows.findBy({ expiresAt: MoreThan(new Date()) });
  }
}
