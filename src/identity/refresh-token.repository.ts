import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { RefreshTokenEntity } from './refresh-token.entity.js';

@Injectable()
export class RefreshTokenRepository {
  constructor(@InjectRepository(RefreshTokenEntity) private readonly tokens: Repository<RefreshTokenEntity>) {}

  async insert(
    tx: Tx,
    token: Pick<RefreshTokenEntity, 'id' | 'userId' | 'familyId' | 'secretHash' | 'expiresAt'>,
  ): Promise<void> {
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

  /**
   * A refresh under way holds its token's row lock and commits a new token of the family; an
   * UPDATE that waited for that lock would not see the new row. So the live rows are locked first
   * (waiting out any refresh), and the UPDATE, a statement of its own, sees what it committed.
   */
  async revokeFamily(familyId: string): Promise<number> {
    return this.tokens.manager.transaction(async (manager) => {
      await manager.query(`SELECT id FROM refresh_tokens WHERE family_id = $1 AND revoked_at IS NULL FOR UPDATE`, [
        familyId,
      ]);
      const result = await manager.update(
        RefreshTokenEntity,
        { familyId, revokedAt: IsNull() },
        { revokedAt: () => 'now()' },
      );
      return result.affected ?? 0;
    });
  }

  /** Revokes every live token of the user (waiting out refreshes, as revokeFamily does); returns the families (sessions) that had one. */
  /** Revokes every refresh token of the person (but those of the session kept, if one is named); returns the sessions ended. */
  async revokeAllOfUser(userId: string, keepFamilyId?: string): Promise<string[]> {
    return this.tokens.manager.transaction(async (manager) => {
      await manager.query(`SELECT id FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL FOR UPDATE`, [
        userId,
      ]);
      const result = await manager
        .createQueryBuilder()
        .update(RefreshTokenEntity)
        .set({ revokedAt: () => 'now()' })
        .where('user_id = :userId AND revoked_at IS NULL AND family_id IS DISTINCT FROM :keep', {
          userId,
          keep: keepFamilyId ?? null,
        })
        .returning('family_id')
        .execute();
      const rows = (result.raw ?? []) as Array<{ family_id: string }>;
      return [...new Set(rows.map((r) => r.family_id))];
    });
  }
}
