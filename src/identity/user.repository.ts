import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import type { UserKind, UserRole } from './identity.types.js';
import { UserEntity } from './user.entity.js';

export interface StaffSearch {
  /** Part of the display name or sign-in name. */
  term?: string;
  agencyId?: string;
  departmentId?: string;
  /** The last row of the previous page, in (display name, id) order. */
  after?: { displayName: string; id: string };
  limit: number;
}

export interface NewUser {
  kind: UserKind;
  login: string;
  email: string | null;
  displayName: string;
  position: string | null;
  agencyId: string | null;
  departmentId: string | null;
  roles: UserRole[];
  passwordHash: string | null;
  locale?: string;
  timeZone?: string;
}

@Injectable()
export class UserRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  /** Inside a transaction, pass it: a transaction that waits for a second pool connection can starve the pool. */
  async findById(id: string, tx?: Tx): Promise<UserEntity | null> {
    return (tx?.manager.getRepository(UserEntity) ?? this.users).findOne({
      where: { id },
      relations: { agency: true, department: true },
    });
  }

  /** The only read that returns the password hash. */
  async findForLogin(login: string): Promise<UserEntity | null> {
    return this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.login = :login', { login }).getOne();
  }

  async findByLogin(login: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ login });
  }

  async existingLogins(logins: string[]): Promise<string[]> {
    if (logins.length === 0) return [];
    const rows = await this.users.find({ select: { login: true }, where: { login: In(logins) } });
    return rows.map((r) => r.login);
  }

  async findByIds(ids: string[], tx?: Tx): Promise<UserEntity[]> {
    return ids.length === 0 ? [] : (tx?.manager.getRepository(UserEntity) ?? this.users).findBy({ id: In(ids) });
  }

  /** The active public servant with this e-mail address, when exactly one has it. */
  async findStaffByEmail(email: string): Promise<UserEntity | null> {
    const found = await this.users
      .createQueryBuilder('u')
      .where(`lower(u.email) = lower(:email) AND u.kind = 'staff' AND u.disabled_at IS NULL`, { email })
      .limit(2)
      .getMany();
    return found.length === 1 ? (found[0] ?? null) : null;
  }

  /** Everyone (any kind, disabled too) whose sign-in name, or e-mail address, is this; ten at most. */
  async findByLoginOrEmail(field: 'login' | 'email', value: string): Promise<UserEntity[]> {
    const where = field === 'login' ? 'u.login = :value' : 'lower(u.email) = lower(:value)';
    return this.users
      .createQueryBuilder('u')
      .where(where, { value })
      .orderBy('u.created_at', 'ASC')
      .limit(10)
      .getMany();
  }

  async findByLogins(logins: string[]): Promise<UserEntity[]> {
    return logins.length === 0 ? [] : this.users.findBy({ login: In(logins) });
  }

  async activeStaffIdsOfAgencies(agencyIds: string[]): Promise<string[]> {
    if (agencyIds.length === 0) return [];
    const rows = await this.users.find({
      select: { id: true },
      where: { agencyId: In(agencyIds), kind: 'staff', disabledAt: IsNull() },
    });
    return rows.map((r) => r.id);
  }

  async insert(tx: Tx, user: NewUser): Promise<UserEntity> {
    const saved = await tx.manager.save(tx.manager.create(UserEntity, user));
    delete saved.passwordHash;
    return saved;
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.users.update({ id }, { passwordHash });
  }

  /** The bot's own user, created on first boot; concurrent boots of several processes agree. */
  async ensureBot(login: string, displayName: string): Promise<string> {
    await this.users
      .createQueryBuilder()
      .insert()
      .into(UserEntity)
      .values({
        kind: 'bot',
        login,
        displayName,
        email: null,
        position: null,
        agencyId: null,
        departmentId: null,
        roles: [],
        passwordHash: null,
      })
      .orIgnore()
      .execute();
    const bot = await this.users.findOneByOrFail({ login });
    if (bot.kind !== 'bot') throw new Error(`login ${login} belongs to a person, not a bot`);
    return bot.id;
  }

  /**
   * Active public servants with their agency and department, in (display name, id) order. The
   * term is a substring (trigram indexes serve it); LIKE wildcards in it are escaped.
   */
  async searchStaff(search: StaffSearch): Promise<UserEntity[]> {
    const qb = this.users
      .createQueryBuilder('u')
      .leftJoinAndSelect('u.agency', 'a')
      .leftJoinAndSelect('u.department', 'd')
      .where(`u.kind = 'staff' AND u.disabled_at IS NULL`);
    if (search.term) {
      const pattern = `%${search.term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(u.display_name ILIKE :pattern OR u.login ILIKE :pattern)', { pattern });
    }
    if (search.agencyId) qb.andWhere('u.agency_id = :agencyId', { agencyId: search.agencyId });
    if (search.departmentId) qb.andWhere('u.department_id = :departmentId', { departmentId: search.departmentId });
    if (search.after)
      qb.andWhere('(u.display_name, u.id) > (:afterName, CAST(:afterId AS uuid))', {
        afterName: search.after.displayName,
        afterId: search.after.id,
      });
    return qb.orderBy('u.display_name', 'ASC').addOrderBy('u.id', 'ASC').limit(search.limit).getMany();
  }

  /** Active people whose display name is exactly this (names repeat; callers handle several). */
  async findActiveByDisplayName(displayName: string): Promise<UserEntity[]> {
    return this.users.find({ where: { displayName, disabledAt: IsNull() }, take: 10 });
  }
}
