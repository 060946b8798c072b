import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { AgencyEntity } from './agency.entity.js';
import { DepartmentEntity } from './department.entity.js';
import type { AgencyKind } from './identity.types.js';

export interface NewAgency {
  code: string;
  name: string;
  nameEn?: string | null;
  kind: AgencyKind;
  parentId: string | null;
}

export interface DepartmentSummary {
  id: string;
  name: string;
  /** Active public servants in it. */
  memberCount: number;
}

@Injectable()
export class AgencyRepository {
  constructor(
    @InjectRepository(AgencyEntity) private readonly agencies: Repository<AgencyEntity>,
    @InjectRepository(DepartmentEntity) private readonly departments: Repository<DepartmentEntity>,
  ) {}

  async count(): Promise<number> {
    return this.agencies.count();
  }

  async findById(id: string): Promise<AgencyEntity | null> {
    return this.agencies.findOneBy({ id });
  }

  async findByCode(code: string, tx?: Tx): Promise<AgencyEntity | null> {
    return (tx ? tx.manager.getRepository(AgencyEntity) : this.agencies).findOneBy({ code });
  }

  async findByCodes(codes: string[]): Promise<AgencyEntity[]> {
    return codes.length === 0 ? [] : this.agencies.findBy({ code: In(codes) });
  }

  async findByIds(ids: string[]): Promise<AgencyEntity[]> {
    return ids.length === 0 ? [] : this.agencies.findBy({ id: In(ids) });
  }

  /** The agency and every agency under it in the tree, at any depth. */
  async subtreeIds(rootId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.agencies.query(
      `WITH RECURSIVE tree AS (SELECT id FROM agencies WHERE id = $1 UNION SELECT a.id FROM agencies a JOIN tree t ON a.parent_id = t.id) SELECT id FROM tree`,
      [rootId],
    );
    return rows.map((r) => r.id);
  }

  /** Agencies named by code or by name with its spaces removed (as typed in an @mention). */
  async findByCodeOrCompactName(tokens: string[]): Promise<AgencyEntity[]> {
    if (tokens.length === 0) return [];
    return this.agencies
      .createQueryBuilder('a')
      .where('a.code = ANY(:tokens)', { tokens })
      .orWhere(`replace(a.name, ' ', '') = ANY(:tokens)`, { tokens })
      .getMany();
  }

  async listAll(): Promise<AgencyEntity[]> {
    return this.agencies.find({ order: { name: 'ASC' } });
  }

  async insert(tx: Tx, agency: NewAgency): Promise<AgencyEntity> {
    return tx.manager.save(tx.manager.create(AgencyEntity, { ...agency, nameEn: agency.nameEn ?? null }));
  }

  async findDepartment(agencyId: string, name: string, tx?: Tx): Promise<DepartmentEntity | null> {
    return (tx ? tx.manager.getRepository(DepartmentEntity) : this.departments).findOneBy({ agencyId, name });
  }

  async findDepartmentById(id: string): Promise<DepartmentEntity | null> {
    return this.departments.findOneBy({ id });
  }

  async insertDepartment(tx: Tx, agencyId: string, name: string): Promise<DepartmentEntity> {
    return tx.manager.save(tx.manager.create(DepartmentEntity, { agencyId, name }));
  }

  async listDepartments(agencyId: string): Promise<DepartmentEntity[]> {
    return this.departments.find({ where: { agencyId }, order: { name: 'ASC' } });
  }

  async departmentsWithCounts(agencyId: string): Promise<DepartmentSummary[]> {
    const rows: Array<{ id: string; name: string; member_count: number }> = await this.departments.query(
      `SELECT d.id, d.name, count(u.id)::int AS member_count
         FROM departments d LEFT JOIN users u ON u.department_id = d.id AND u.kind = 'staff' AND u.disabled_at IS NULL
        WHERE d.agency_id = $1
        GROUP BY d.id, d.name
        ORDER BY d.name, d.id`,
      [agencyId],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, memberCount: r.member_count }));
  }
}
