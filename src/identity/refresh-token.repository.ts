import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { RefreshTokenEntity } from './refresh-token.entity.js';

@Injectable()
export class RefreshTokenRepository {
  constructor(@InjectRepository(RefreshTokenEntity) private readonly tokens: Repository<RefreshTokenEntity>) {}

  async insert(tx: Tx, token: Pick<RefreshTokenEntity, 'id' | 'userId' | 'familyId' | 'secretHash' | 'expiresAt'>): Promise<void> {
    await tx.manager.insert(RefreshTokenEntity, { ...token, revokedAt: null, replacedById: null });
  }

  async findById(id: string): Promise<RefreshTokenEntity | null> {
    return this.tokens.findOneBy({ id });
  }

  /** Reads a token with its secret hash, locking the row for the rest of the transaction. */
  async lockWithSecret(tx: Tx, id: string): Promise<RefreshTokenEntity | null> {
    return tx.manager
      .createQueryBuilder(RefreshTokenEntity, 't')
      .addSelect('t.secretHash')
      .where('t.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  async markReplaced(tx: Tx, id: string, replacedById: string): Promise<void> {
    await tx.manager.update(RefreshTokenEntity, { id }, { revokedAt: () => 'now()', replacedById });
  }

  async revokeFamily(familyId: string): Promise<number> {
    const result = await this.tokens.update({ familyId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    return result.affected ?? 0;
  }

  /** Revokes every live token of the user; returns the families (sessions) that had one. */
  async revokeAllOfUser(userId: string): Promise<string[]> {
    const result = await this.tokens
      .createQueryBuilder()
      .update(RefreshTokenEntity)
      .set({ revokedAt: () => 'now()' })
      .where('user_id = :userId AND revoked_at IS NULL', { userId })
      .returning('family_id')
      .execute();
    const rows = (result.raw ?? []) as Array<{ family_id: string }>;
    return [...new Set(rows.map((r) => r.family_id))];
  }
}
