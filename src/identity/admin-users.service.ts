import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AccessRecordRepository } from '../audit/access-record.repository.js';
import { JobName } from '../bus/bus.constants.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import { UnitOfWork, type Tx } from '../database/unit-of-work.js';
import { AdminException } from './admin.exception.js';
import type { AgencyEntity } from './agency.entity.js';
import { AgencyRepository } from './agency.repository.js';
import { AuthService } from './auth.service.js';
import { DirectoryService } from './directory.service.js';
import {
  normaliseLogin,
  SessionEndReason,
  UserKind,
  UserRole,
  type AgencyKind,
  type Principal,
} from './identity.types.js';
import { IdentityException } from './identity.exception.js';
import { OrgChartImportService, type OrgChartImportResult } from './org-chart-import.service.js';
import type { UserEntity } from './user.entity.js';
import { UserAdminRepository } from './user-admin.repository.js';
import { UserRepository } from './user.repository.js';

export interface AdminAgencyNode {
  id: string;
  code: string;
  name: string;
  kind: AgencyKind;
  /** Active people in this agency itself (not those under it). */
  userCount: number;
  children: AdminAgencyNode[];
}

export interface AdminAgencyTree {
  /** The agencies the caller administers, each with those under it. */
  roots: AdminAgencyNode[];
  systemAdmin: boolean;
}

export interface AdminUserView {
  id: string;
  kind: UserKind;
  login: string;
  displayName: string;
  email: string | null;
  position: string | null;
  department: string | null;
  roles: UserRole[];
  disabledAt: string | null;
}

export interface AdminAgencyUsers {
  agency: { id: string; code: string; name: string; kind: AgencyKind };
  users: AdminUserView[];
}

export interface NewUserByAdmin {
  login: string;
  displayName: string;
  email?: string | null;
  position?: string | null;
  department?: string | null;
  roles?: UserRole[];
}

/** Who administers whom: system administrators everyone, agency administrators their agency and the agencies under it. */
interface Scope {
  actor: UserEntity;
  systemAdmin: boolean;
  /** Null: every agency. */
  agencyIds: Set<string> | null;
  all: AgencyEntity[];
}

const ADMIN_ROLES: readonly UserRole[] = [UserRole.AgencyAdmin, UserRole.SystemAdmin];

/** Administration of agencies' people: list, create, roles, disable and enable, org-chart imports. */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly agencies: AgencyRepository,
    private readonly users: UserRepository,
    private readonly admin: UserAdminRepository,
    private readonly directory: DirectoryService,
    private readonly auth: AuthService,
    private readonly orgChart: OrgChartImportService,
    private readonly events: EventPublisher,
    private readonly accessRecords: AccessRecordRepository,
  ) {}

  async tree(principal: Principal): Promise<AdminAgencyTree> {
    const scope = await this.scope(principal);
    const counts = await this.admin.countsByAgency();
    const nodes = new Map(
      scope.all.map((a) => [
        a.id,
        {
          id: a.id,
          code: a.code,
          name: a.name,
          kind: a.kind,
          userCount: counts.get(a.id) ?? 0,
          children: [] as AdminAgencyNode[],
        },
      ]),
    );
    const roots: AdminAgencyNode[] = [];
    for (const agency of scope.all) {
      const node = nodes.get(agency.id);
      if (!node || (scope.agencyIds && !scope.agencyIds.has(agency.id))) continue;
      const parent =
        agency.parentId && (!scope.agencyIds || scope.agencyIds.has(agency.parentId))
          ? nodes.get(agency.parentId)
          : undefined;
      (parent ? parent.children : roots).push(node);
    }
    return { roots, systemAdmin: scope.systemAdmin };
  }

  async usersOf(principal: Principal, agencyId: string): Promise<AdminAgencyUsers> {
    const scope = await this.scope(principal);
    const agency = this.agencyIn(scope, agencyId);
    return {
      agency: { id: agency.id, code: agency.code, name: agency.name, kind: agency.kind },
      users: (await this.admin.listOfAgency(agency.id)).map(view),
    };
  }

  /** A new public servant of the agency, with a generated first password shown to the administrator once. */
  async create(
    principal: Principal,
    agencyId: string,
    input: NewUserByAdmin,
  ): Promise<{ user: AdminUserView; initialPassword: string }> {
    const scope = await this.scope(principal);
    const agency = this.agencyIn(scope, agencyId);
    const roles = [...new Set(input.roles ?? [])];
    if (roles.includes(UserRole.SystemAdmin) && !scope.systemAdmin) throw AdminException.systemRole();
    const initialPassword = randomBytes(9).toString('base64url');
    const hash = await this.directory.hashIfGiven(initialPassword);
    const created = await this.uow.run(async (tx) => {
      const user = await this.directory.createUserIn(
        tx,
        {
          kind: UserKind.Staff,
          login: input.login,
          displayName: input.displayName,
          email: input.email,
          position: input.position,
          agencyCode: agency.code,
          departmentName: input.department?.trim() || null,
          roles,
        },
        hash,
        scope.actor.id,
      );
      await this.recordRoles(tx, principal, { id: user.id, agencyId: agency.id }, roles, []);
      return user;
    });
    return { user: view(await this.found(created.id)), initialPassword };
  }

  /** Replaces a person's roles; taking one away signs them out everywhere, so no token keeps it. */
  async setRoles(principal: Principal, userId: string, requested: UserRole[]): Promise<AdminUserView> {
    const scope = await this.scope(principal);
    const roles = [...new Set([UserRole.Member, ...requested])];
    const { removed } = await this.uow.run(async (tx) => {
      const target = await this.lockTarget(tx, scope, userId);
      if (target.kind !== UserKind.Staff && roles.some((r) => r !== UserRole.Member))
        throw IdentityException.userInvalid('guests hold no staff roles');
      const systemChange = target.roles.includes(UserRole.SystemAdmin) !== roles.includes(UserRole.SystemAdmin);
      if ((systemChange || target.roles.includes(UserRole.SystemAdmin)) && !scope.systemAdmin)
        throw AdminException.systemRole();
      if (target.id === scope.actor.id && ADMIN_ROLES.some((r) => target.roles.includes(r) && !roles.includes(r)))
        throw AdminException.self('roles');
      const taken = target.roles.filter((r) => !roles.includes(r));
      await this.admin.setRoles(tx, target.id, roles);
      await this.audit(tx, 'user.roles_changed', scope.actor.id, target.id);
      await this.recordRoles(
        tx,
        principal,
        target,
        roles.filter((r) => !target.roles.includes(r)),
        taken,
      );
      return { removed: taken.length > 0 };
    });
    if (removed) await this.auth.endAllSessions(userId, SessionEndReason.RolesChanged);
    return view(await this.found(userId));
  }

  /** Disables a person: they cannot sign in, their sessions and sockets end at once, and they leave their agency's room. */
  async disable(principal: Principal, userId: string): Promise<AdminUserView> {
    const scope = await this.scope(principal);
    if (userId === scope.actor.id) throw AdminException.self('disable');
    await this.uow.run(async (tx) => {
      const target = await this.lockTarget(tx, scope, userId);
      if (target.roles.includes(UserRole.SystemAdmin) && !scope.systemAdmin) throw AdminException.systemRole();
      if (target.disabledAt) return;
      await this.admin.setDisabled(tx, target.id, new Date());
      await this.audit(tx, 'user.disabled', scope.actor.id, target.id);
      await this.events.publish(tx, { name: JobName.DirectoryUserChanged, data: { userId: target.id } });
    });
    // Also when it was disabled already: a session that a crash left between the commit and this call ends now.
    await this.auth.endAllSessions(userId, SessionEndReason.AccountDisabled);
    return view(await this.found(userId));
  }

  /**
   * The operator's disable (`npm run admin -- user disable <login>`), for when no administrator can
   * sign in: the same effects as an administrator's, with no actor to scope it.
   */
  async disableByLogin(login: string): Promise<AdminUserView> {
    const user = await this.users.findByLogin(normaliseLogin(login));
    if (!user || user.kind === UserKind.Bot || user.kind === UserKind.Citizen) throw IdentityException.userNotFound();
    await this.uow.run(async (tx) => {
      const target = await this.admin.lock(tx, user.id);
      if (!target || target.disabledAt) return;
      await this.admin.setDisabled(tx, target.id, new Date());
      await this.events.publish(tx, {
        name: JobName.AuditRecord,
        data: {
          action: 'user.disabled',
          actorId: null,
          subjectType: 'user',
          subjectId: target.id,
          occurredAt: new Date().toISOString(),
        },
      });
      await this.events.publish(tx, { name: JobName.DirectoryUserChanged, data: { userId: target.id } });
    });
    await this.auth.endAllSessions(user.id, SessionEndReason.AccountDisabled);
    return view(await this.found(user.id));
  }

  async enable(principal: Principal, userId: string): Promise<AdminUserView> {
    const scope = await this.scope(principal);
    await this.uow.run(async (tx) => {
      const target = await this.lockTarget(tx, scope, userId);
      if (target.roles.includes(UserRole.SystemAdmin) && !scope.systemAdmin) throw AdminException.systemRole();
      if (!target.disabledAt) return;
      await this.admin.setDisabled(tx, target.id, null);
      await this.audit(tx, 'user.enabled', scope.actor.id, target.id);
      await this.events.publish(tx, { name: JobName.DirectoryUserChanged, data: { userId: target.id } });
    });
    return view(await this.found(userId));
  }

  /** An org-chart CSV, all or nothing, creating and updating people; an agency administrator's rows must stay in their own tree. */
  async importOrgChart(
    principal: Principal,
    text: string,
    dryRun: boolean,
  ): Promise<OrgChartImportResult & { dryRun: boolean }> {
    const scope = await this.scope(principal);
    const result = await this.orgChart.import(text, {
      dryRun,
      actorId: scope.actor.id,
      scope: scope.agencyIds ? { agencyIds: scope.agencyIds, mayGrantSystemAdmin: false } : undefined,
    });
    if (result.problems.length > 0) throw AdminException.orgChartInvalid(result.problems);
    return { ...result, dryRun };
  }

  private async scope(principal: Principal): Promise<Scope> {
    const actor = await this.users.findById(principal.userId);
    if (
      !actor ||
      actor.kind !== UserKind.Staff ||
      actor.disabledAt ||
      !actor.roles.some((r) => ADMIN_ROLES.includes(r))
    )
      throw AdminException.adminsOnly();
    const all = await this.agencies.listAll();
    if (actor.roles.includes(UserRole.SystemAdmin)) return { actor, systemAdmin: true, agencyIds: null, all };
    const children = new Map<string, string[]>();
    for (const a of all) if (a.parentId) children.set(a.parentId, [...(children.get(a.parentId) ?? []), a.id]);
    const agencyIds = new Set<string>();
    const stack = actor.agencyId ? [actor.agencyId] : [];
    while (stack.length > 0) {
      const id = stack.pop() ?? '';
      if (agencyIds.has(id)) continue;
      agencyIds.add(id);
      stack.push(...(children.get(id) ?? []));
    }
    return { actor, systemAdmin: false, agencyIds, all };
  }

  private agencyIn(scope: Scope, agencyId: string): AgencyEntity {
    const agency = scope.all.find((a) => a.id === agencyId);
    if (!agency) throw IdentityException.agencyNotFound(agencyId);
    if (scope.agencyIds && !scope.agencyIds.has(agency.id)) throw AdminException.outOfScope();
    return agency;
  }

  private async lockTarget(tx: Tx, scope: Scope, userId: string): Promise<UserEntity> {
    const target = await this.admin.lock(tx, userId);
    if (!target || target.kind === UserKind.Bot || target.kind === UserKind.Citizen)
      throw IdentityException.userNotFound();
    if (scope.agencyIds && !(target.agencyId && scope.agencyIds.has(target.agencyId)))
      throw AdminException.outOfScope();
    return target;
  }

  private async found(userId: string): Promise<UserEntity> {
    const user = await this.users.findById(userId);
    if (!user) throw IdentityException.userNotFound();
    return user;
  }

  /** Grants and removals of roles are access records kept three years (안전성 확보조치 기준 제5조). */
  private async recordRoles(
    tx: Tx,
    principal: Principal,
    target: { id: string; agencyId: string | null },
    granted: readonly UserRole[],
    removed: readonly UserRole[],
  ): Promise<void> {
    const event = (action: string, role: UserRole) => ({
      accountId: principal.userId,
      address: principal.address,
      agencyId: target.agencyId,
      action,
      subjectType: 'user',
      subjectId: target.id,
      detail: role,
      kind: 'role' as const,
    });
    await this.accessRecords.append(tx, [
      ...granted.filter((r) => r !== UserRole.Member).map((r) => event('role.granted', r)),
      ...removed.map((r) => event('role.removed', r)),
    ]);
  }

  private async audit(tx: Tx, action: string, actorId: string, userId: string): Promise<void> {
    await this.events.publish(tx, {
      name: JobName.AuditRecord,
      data: { action, actorId, subjectType: 'user', subjectId: userId, occurredAt: new Date().toISOString() },
    });
  }
}

function view(user: UserEntity): AdminUserView {
  return {
    id: user.id,
    kind: user.kind,
    login: user.login,
    displayName: user.displayName,
    email: user.email,
    position: user.position,
    department: user.department?.name ?? null,
    roles: user.roles,
    disabledAt: user.disabledAt?.toISOString() ?? null,
  };
}
