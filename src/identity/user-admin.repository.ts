import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import type { UserRole } from './identity.types.js';
import { UserEntity } from './user.entity.js';

/** The reads and writes administrators make on people, beside the directory's own. */
@Injectable()
export class UserAdminRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  /** Everyone of one agency (staff and committee members, disabled ones too), by name. */
  async listOfAgency(agencyId: string): Promise<UserEntity[]> {
    return this.users
      .createQueryBuilder('u')
      .leftJoinAndSelect('u.department', 'd')
      .where(`u.agency_id = :agencyId AND u.kind IN ('staff','committee_member')`, { agencyId })
      .orderBy('u.disabled_at IS NOT NULL', 'ASC')
      .addOrderBy('u.display_name', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .getMany();
  }

  /** Active people per agency, for the tree. */
  async countsByAgency(): Promise<Map<string, number>> {
    const rows: Array<{ agency_id: string; count: number }> = await this.users.query(
      `SELECT agency_id, count(*)::int AS count FROM users WHERE agency_id IS NOT NULL AND disabled_at IS NULL AND kind IN ('staff','committee_member') GROUP BY agency_id`,
    );
    return new Map(rows.map((r) => [r.agency_id, r.count]));
  }

  /** The person, locked for the rest of the transaction (two administrators changing one person wait for each other). */
  async lock(tx: Tx, id: string): Promise<UserEntity | null> {
    return tx.manager
      .createQueryBuilder(UserEntity, 'u')
      .where('u.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  async setRoles(tx: Tx, id: string, roles: UserRole[]): Promise<void> {
    await tx.manager.update(UserEntity, { id }, { roles });
  }

  async setDisabled(tx: Tx, id: string, disabledAt: Date | null): Promise<void> {
    await tx.manager.update(UserEntity, { id }, { disabledAt });
  }

  /** People by sign-in name (any kind, disabled ones too), with their agency and department, for an org-chart import. */
  async findByLoginsWithPlace(logins: string[]): Promise<UserEntity[]> {
    if (logins.length === 0) return [];
    return this.users
      .createQueryBuilder('u')
      .leftJoinAndSelect('u.agency', 'a')
      .leftJoinAndSelect('u.department', 'd')
      .where('u.login IN (:...logins)', { logins })
      .getMany();
  }

  /** The active public servants of these agencies, with their agency (an org-chart sync disables those its file leaves out). */
  async activeStaffOfAgencies(agencyIds: string[]): Promise<UserEntity[]> {
    if (agencyIds.length === 0) return [];
    return this.users
      .createQueryBuilder('u')
      .leftJoinAndSelect('u.agency', 'a')
      .where(`u.agency_id IN (:...agencyIds) AND u.kind = 'staff' AND u.disabled_at IS NULL`, { agencyIds })
      .orderBy('u.login', 'ASC')
      .getMany();
  }

  async updateProfile(
    tx: Tx,
    id: string,
    profile: Pick<UserEntity, 'displayName' | 'email' | 'position' | 'agencyId' | 'departmentId' | 'roles'>,
  ): Promise<void> {
    await tx.manager.update(UserEntity, { id }, profile);
  }
}
