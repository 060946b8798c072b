import { Injectable } from '@nestjs/common';
import { JobName } from '../bus/bus.constants.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import { UnitOfWork, type Tx } from '../database/unit-of-work.js';
import type { AgencyEntity } from './agency.entity.js';
import { agencyParentProblem } from './agency-tree.policy.js';
import { AgencyRepository } from './agency.repository.js';
import type { DepartmentEntity } from './department.entity.js';
import { IdentityException } from './identity.exception.js';
import { normaliseLogin, UserKind, UserRole, type AgencyKind, type Principal } from './identity.types.js';
import { PasswordService, validatePasswordStrength } from './password.service.js';
import type { UserEntity } from './user.entity.js';
import { UserRepository } from './user.repository.js';

export interface CreateAgencyInput {
  code: string;
  name: string;
  nameEn?: string | null;
  kind: AgencyKind;
  parentCode?: string | null;
}

export interface CreateUserInput {
  kind?: UserKind;
  login: string;
  displayName: string;
  email?: string | null;
  position?: string | null;
  agencyCode?: string | null;
  departmentName?: string | null;
  roles?: UserRole[];
  password?: string | null;
}

export interface AgencyNode {
  id: string;
  code: string;
  name: string;
  kind: AgencyKind;
  children: AgencyNode[];
}

/** The org chart: agencies, departments and users, each change audited through the outbox. */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly agencies: AgencyRepository,
    private readonly users: UserRepository,
    private readonly passwords: PasswordService,
    private readonly events: EventPublisher,
  ) {}

  async createAgency(input: CreateAgencyInput, actorId: string | null = null): Promise<AgencyEntity> {
    return this.uow.run((tx) => this.createAgencyIn(tx, input, actorId));
  }

  async createAgencyIn(tx: Tx, input: CreateAgencyInput, actorId: string | null): Promise<AgencyEntity> {
    if (await this.agencies.findByCode(input.code, tx)) throw IdentityException.agencyCodeTaken(input.code);
    let parent: AgencyEntity | null = null;
    if (input.parentCode) {
      parent = await this.agencies.findByCode(input.parentCode, tx);
      if (!parent) throw IdentityException.agencyNotFound(input.parentCode);
    }
    const problem = agencyParentProblem(input.kind, parent?.kind ?? null);
    if (problem) throw IdentityException.agencyParentInvalid(problem);
    const agency = await this.agencies.insert(tx, {
      code: input.code,
      name: input.name,
      nameEn: input.nameEn ?? null,
      kind: input.kind,
      parentId: parent?.id ?? null,
    });
    await this.audit(tx, 'agency.created', actorId, 'agency', agency.id);
    return agency;
  }

  async ensureDepartmentIn(tx: Tx, agencyId: string, name: string): Promise<DepartmentEntity> {
    return (
      (await this.agencies.findDepartment(agencyId, name, tx)) ?? this.agencies.insertDepartment(tx, agencyId, name)
    );
  }

  async createUser(input: CreateUserInput, actorId: string | null = null): Promise<UserEntity> {
    const passwordHash = await this.hashIfGiven(input.password);
    return this.uow.run((tx) => this.createUserIn(tx, input, passwordHash, actorId));
  }

  async createUserIn(
    tx: Tx,
    input: CreateUserInput,
    passwordHash: string | null,
    actorId: string | null,
  ): Promise<UserEntity> {
    const kind = input.kind ?? UserKind.Staff;
    const login = normaliseLogin(input.login);
    if (!login) throw IdentityException.userInvalid('the sign-in name is empty');
    if (await this.users.findByLogin(login)) throw IdentityException.loginTaken(login);
    let agencyId: string | null = null;
    let departmentId: string | null = null;
    if (input.agencyCode) {
      const agency = await this.agencies.findByCode(input.agencyCode, tx);
      if (!agency) throw IdentityException.agencyNotFound(input.agencyCode);
      agencyId = agency.id;
      if (input.departmentName) departmentId = (await this.ensureDepartmentIn(tx, agency.id, input.departmentName)).id;
    }
    if (kind === UserKind.Staff && agencyId === null)
      throw IdentityException.userInvalid('a public servant belongs to an agency');
    if (kind !== UserKind.Staff && (input.roles ?? []).some((r) => r !== UserRole.Member)) {
      throw IdentityException.userInvalid('guests hold no staff roles');
    }
    const user = await this.users.insert(tx, {
      kind,
      login,
      email: input.email?.trim().toLowerCase() || null,
      displayName: input.displayName.trim(),
      position: input.position?.trim() || null,
      agencyId,
      departmentId,
      roles: [...new Set([UserRole.Member, ...(input.roles ?? [])])],
      passwordHash,
    });
    await this.audit(tx, 'user.created', actorId, 'user', user.id);
    await this.events.publish(tx, { name: JobName.DirectoryUserChanged, data: { userId: user.id } });
    return user;
  }

  /** Returns the user's id, for ending their sessions. */
  async setPassword(login: string, password: string): Promise<string> {
    const user = await this.users.findByLogin(normaliseLogin(login));
    if (!user) throw IdentityException.userNotFound();
    const hash = await this.hashIfGiven(password);
    if (hash) await this.users.setPasswordHash(user.id, hash);
    return user.id;
  }

  async hashIfGiven(password: string | null | undefined): Promise<string | null> {
    if (password === null || password === undefined) return null;
    const weak = validatePasswordStrength(password);
    if (weak) throw IdentityException.userInvalid(weak);
    return this.passwords.hash(password);
  }

  async profile(userId: string): Promise<UserEntity> {
    const user = await this.users.findById(userId);
    if (!user) throw IdentityException.userNotFound();
    return user;
  }

  assertStaff(principal: Principal): void {
    if (principal.kind !== UserKind.Staff) throw IdentityException.staffOnly();
  }

  async agencyTree(): Promise<AgencyNode[]> {
    const all = await this.agencies.listAll();
    const nodes = new Map(
      all.map((a) => [a.id, { id: a.id, code: a.code, name: a.name, kind: a.kind, children: [] as AgencyNode[] }]),
    );
    const roots: AgencyNode[] = [];
    for (const agency of all) {
      const node = nodes.get(agency.id);
      if (!node) continue;
      const parent = agency.parentId ? nodes.get(agency.parentId) : undefined;
      (parent ? parent.children : roots).push(node);
    }
    return roots;
  }

  private async audit(
    tx: Tx,
    action: string,
    actorId: string | null,
    subjectType: string,
    subjectId: string,
  ): Promise<void> {
    await this.events.publish(tx, {
      name: JobName.AuditRecord,
      data: { action, actorId, subjectType, subjectId, occurredAt: new Date().toISOString() },
    });
  }
}
