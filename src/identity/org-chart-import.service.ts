import { Injectable } from '@nestjs/common';
import { JobName } from '../bus/bus.constants.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import { UnitOfWork, type Tx } from '../database/unit-of-work.js';
import { agencyParentProblem } from './agency-tree.policy.js';
import { AgencyRepository } from './agency.repository.js';
import { AuthService } from './auth.service.js';
import { DirectoryService } from './directory.service.js';
import { SessionEndReason, UserKind, UserRole, type AgencyKind } from './identity.types.js';
import { orderAgencies, parseOrgChart, type OrgChartProblem, type OrgChartUser } from './org-chart.csv.js';
import { UserAdminRepository } from './user-admin.repository.js';
import type { UserEntity } from './user.entity.js';

/** What an import changes of a person who is already in Ieum. */
export type OrgChartField = 'displayName' | 'email' | 'position' | 'agency' | 'department' | 'roles';

export interface OrgChartUserChange {
  login: string;
  /** The file's line; null for a person the file leaves out (disabled by a sync). */
  line: number | null;
  outcome: 'created' | 'updated' | 'disabled';
  /** For `updated`: each field that changes, as it was and as it becomes. */
  fields: Array<{ field: OrgChartField; from: string | null; to: string | null }>;
}

export interface OrgChartImportResult {
  problems: OrgChartProblem[];
  agenciesCreated: number;
  departmentsSeen: number;
  usersCreated: number;
  /** In Ieum already, with something the file changes. */
  usersUpdated: number;
  /** In Ieum already, exactly as the file has them. */
  usersUnchanged: number;
  /** Left out of the file under --sync: active public servants of the file's agencies, now disabled. */
  usersDisabled: number;
  /** In the file but disabled in Ieum: an import never enables anyone again (an administrator does). */
  usersLeftDisabled: string[];
  /** Every person created, updated or disabled, in the file's order (the disabled last). */
  changes: OrgChartUserChange[];
}

export type ImportProgress = (done: number, total: number) => void;

/** What an agency administrator may import: rows of the agencies they administer (and new ones under them), no system administrators. */
export interface ImportScope {
  agencyIds: ReadonlySet<string>;
  mayGrantSystemAdmin: boolean;
}

export interface ImportOptions {
  dryRun?: boolean;
  /** Also disable the active public servants of the file's agencies whom the file leaves out. */
  sync?: boolean;
  onProgress?: ImportProgress;
  scope?: ImportScope;
  /** Who imports (null: the admin CLI): audited, and never disabled or stripped of an administrator role by their own import. */
  actorId?: string | null;
}

const ADMIN_ROLES: readonly UserRole[] = [UserRole.AgencyAdmin, UserRole.SystemAdmin];

interface Update {
  user: OrgChartUser;
  stored: UserEntity;
  change: OrgChartUserChange;
  /** A role taken away or another agency: their tokens carry both, so their sessions end. */
  endsSessions: boolean;
}

/**
 * Imports an org chart as a sync, all or nothing: new agencies, departments and people are
 * created, people already in Ieum take the file's name, e-mail, position, agency, department and
 * roles, and with `sync` the file's agencies lose the active people it leaves out. Any bad row and
 * not one row is written; a dry run reports the same without writing.
 */
@Injectable()
export class OrgChartImportService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly agencies: AgencyRepository,
    private readonly people: UserAdminRepository,
    private readonly directory: DirectoryService,
    private readonly auth: AuthService,
    private readonly events: EventPublisher,
  ) {}

  async import(text: string, options: ImportOptions = {}): Promise<OrgChartImportResult> {
    const parsed = parseOrgChart(text);
    const { ordered, problems: cycles } = orderAgencies(parsed.agencies);
    const problems = [...parsed.problems, ...cycles];
    if (parsed.problems.length === 0 && parsed.agencies.length === 0)
      problems.push({ line: 1, problems: ['the file has no rows below its header / 머리글 아래에 줄이 없습니다'] });

    const fileKinds = new Map<string, AgencyKind>(parsed.agencies.map((a) => [a.code, a.kind]));
    const referenced = [...new Set(parsed.agencies.flatMap((a) => [a.code, ...(a.parentCode ? [a.parentCode] : [])]))];
    const existing = new Map((await this.agencies.findByCodes(referenced)).map((a) => [a.code, a]));
    for (const agency of parsed.agencies) {
      const stored = existing.get(agency.code);
      if (stored && (stored.name !== agency.name || stored.kind !== agency.kind)) {
        problems.push({
          line: agency.line,
          problems: [
            `agency ${agency.code} exists already as "${stored.name}" (${stored.kind}); an import does not rename agencies or change their kind / 기관 ${agency.code}은(는) 이미 "${stored.name}"(${stored.kind})(으)로 있습니다. 가져오기로 기관 이름이나 종류를 바꾸지 않습니다`,
          ],
        });
        continue;
      }
      if (stored) continue;
      const parentKind = agency.parentCode
        ? (fileKinds.get(agency.parentCode) ?? existing.get(agency.parentCode)?.kind)
        : null;
      if (agency.parentCode && parentKind === undefined) {
        problems.push({
          line: agency.line,
          problems: [
            `parent agency ${agency.parentCode} is neither in the file nor in Ieum / 상위 기관 ${agency.parentCode}이(가) 파일에도 이음에도 없습니다`,
          ],
        });
        continue;
      }
      const treeProblem = agencyParentProblem(agency.kind, parentKind ?? null);
      if (treeProblem)
        problems.push({ line: agency.line, problems: [`${treeProblem} / 그 종류의 기관 아래에 둘 수 없습니다`] });
    }
    if (options.scope) problems.push(...outOfScope(parsed, existing, options.scope));

    const stored = new Map(
      (await this.people.findByLoginsWithPlace(parsed.users.map((u) => u.login))).map((u) => [u.login, u]),
    );
    const created: OrgChartUser[] = [];
    const updates: Update[] = [];
    let unchanged = 0;
    const leftDisabled: string[] = [];
    for (const user of parsed.users) {
      const person = stored.get(user.login);
      if (!person) {
        created.push(user);
        continue;
      }
      if (person.kind !== UserKind.Staff) {
        problems.push({
          line: user.line,
          problems: [
            `login ${user.login} belongs to a ${person.kind.replace('_', ' ')}, not a public servant / 아이디 ${user.login}은(는) 공무원이 아닌 사용자(${person.kind})의 것입니다`,
          ],
        });
        continue;
      }
      if (person.disabledAt) leftDisabled.push(user.login);
      const fields = differences(person, user);
      if (fields.length === 0) {
        unchanged++;
        continue;
      }
      const rolesTaken = person.roles.filter((r) => !rolesOf(user).includes(r));
      problems.push(...updateProblems(user, person, rolesTaken, options));
      updates.push({
        user,
        stored: person,
        change: { login: user.login, line: user.line, outcome: 'updated', fields },
        endsSessions: rolesTaken.length > 0 || fields.some((f) => f.field === 'agency'),
      });
    }

    const disables: Array<{ person: UserEntity; line: number }> = [];
    if (options.sync) {
      const inFile = new Set(parsed.users.map((u) => u.login));
      const firstLine = new Map<string, number>();
      for (const agency of parsed.agencies) if (!firstLine.has(agency.code)) firstLine.set(agency.code, agency.line);
      const agencyIds = [...existing.values()].filter((a) => fileKinds.has(a.code)).map((a) => a.id);
      for (const person of await this.people.activeStaffOfAgencies(agencyIds)) {
        if (inFile.has(person.login)) continue;
        const line = firstLine.get(person.agency?.code ?? '') ?? 1;
        if (person.id === options.actorId) {
          problems.push({
            line,
            problems: [
              `you (${person.login}) are not in the file, and nobody disables themselves / 본인(${person.login})이 파일에 없습니다. 자기 계정은 사용 중지할 수 없습니다`,
            ],
          });
        } else if (options.scope && !options.scope.mayGrantSystemAdmin && person.roles.includes(UserRole.SystemAdmin)) {
          problems.push({
            line,
            problems: [
              `${person.login} is not in the file, but only a system administrator disables a system administrator / ${person.login}이(가) 파일에 없지만, 시스템 관리자는 시스템 관리자만 사용 중지할 수 있습니다`,
            ],
          });
        }
        disables.push({ person, line });
      }
    }

    const merged = mergeByLine(problems);
    const changes: OrgChartUserChange[] = [
      ...[
        ...created.map((u) => ({ login: u.login, line: u.line, outcome: 'created' as const, fields: [] })),
        ...updates.map((u) => u.change),
      ].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
      ...disables.map(({ person }) => ({ login: person.login, line: null, outcome: 'disabled' as const, fields: [] })),
    ];
    const result: OrgChartImportResult = {
      problems: merged,
      agenciesCreated: ordered.filter((a) => !existing.has(a.code)).length,
      departmentsSeen: parsed.departments.length,
      usersCreated: created.length,
      usersUpdated: updates.length,
      usersUnchanged: unchanged,
      usersDisabled: disables.length,
      usersLeftDisabled: leftDisabled,
      changes,
    };
    if (merged.length > 0)
      return {
        ...result,
        agenciesCreated: 0,
        departmentsSeen: 0,
        usersCreated: 0,
        usersUpdated: 0,
        usersUnchanged: 0,
        usersDisabled: 0,
        usersLeftDisabled: [],
        changes: [],
      };
    if (options.dryRun) return result;

    const toCreate = ordered.filter((a) => !existing.has(a.code));
    const total = toCreate.length + parsed.departments.length + created.length + updates.length + disables.length;
    let done = 0;
    const step = () => options.onProgress?.(++done, total);
    const actorId = options.actorId ?? null;
    await this.uow.run(async (tx) => {
      const ids = new Map([...existing].map(([code, a]) => [code, a.id]));
      for (const agency of toCreate) {
        const made = await this.directory.createAgencyIn(tx, agency, actorId);
        ids.set(agency.code, made.id);
        step();
      }
      for (const department of parsed.departments) {
        await this.directory.ensureDepartmentIn(tx, ids.get(department.agencyCode) ?? '', department.name);
        step();
      }
      for (const user of created) {
        await this.directory.createUserIn(
          tx,
          {
            kind: UserKind.Staff,
            login: user.login,
            displayName: user.displayName,
            email: user.email,
            position: user.position,
            agencyCode: user.agencyCode,
            departmentName: user.department,
            roles: user.roles,
          },
          null,
          actorId,
        );
        step();
      }
      for (const { user, stored: person } of updates) {
        const agencyId = ids.get(user.agencyCode) ?? '';
        const departmentId = user.department
          ? (await this.directory.ensureDepartmentIn(tx, agencyId, user.department)).id
          : null;
        await this.people.updateProfile(tx, person.id, {
          displayName: user.displayName,
          email: user.email,
          position: user.position,
          agencyId,
          departmentId,
          roles: rolesOf(user),
        });
        await this.changed(tx, 'user.updated', actorId, person.id);
        step();
      }
      const now = new Date();
      for (const { person } of disables) {
        await this.people.setDisabled(tx, person.id, now);
        await this.changed(tx, 'user.disabled', actorId, person.id);
        step();
      }
    });
    // After the commit, as an administrator's disable does: their tokens are refused on every node and their sockets close.
    for (const { person } of disables) await this.auth.endAllSessions(person.id, SessionEndReason.AccountDisabled);
    for (const update of updates)
      if (update.endsSessions) await this.auth.endAllSessions(update.stored.id, SessionEndReason.RolesChanged);
    return result;
  }

  private async changed(tx: Tx, action: string, actorId: string | null, userId: string): Promise<void> {
    await this.events.publish(tx, {
      name: JobName.AuditRecord,
      data: { action, actorId, subjectType: 'user', subjectId: userId, occurredAt: new Date().toISOString() },
    });
    await this.events.publish(tx, { name: JobName.DirectoryUserChanged, data: { userId } });
  }
}

/** The roles a row gives: its own, and always member. */
function rolesOf(user: OrgChartUser): UserRole[] {
  return [...new Set([UserRole.Member, ...user.roles])];
}

function differences(person: UserEntity, user: OrgChartUser): OrgChartUserChange['fields'] {
  const fields: OrgChartUserChange['fields'] = [];
  const compare = (field: OrgChartField, from: string | null, to: string | null) => {
    if (from !== to) fields.push({ field, from, to });
  };
  compare('displayName', person.displayName, user.displayName);
  compare('email', person.email, user.email);
  compare('position', person.position, user.position);
  compare('agency', person.agency?.code ?? null, user.agencyCode);
  compare('department', person.department?.name ?? null, user.department);
  const order = (roles: readonly UserRole[]) => [...new Set(roles)].sort().join(';');
  compare('roles', order(person.roles), order(rolesOf(user)));
  return fields;
}

/** What an administrator importing through the API may not change of someone already in Ieum. */
function updateProblems(
  user: OrgChartUser,
  person: UserEntity,
  rolesTaken: UserRole[],
  options: ImportOptions,
): OrgChartProblem[] {
  const problems: string[] = [];
  const scope = options.scope;
  if (scope && !(person.agencyId && scope.agencyIds.has(person.agencyId))) {
    problems.push(
      `login ${user.login} is in an agency you do not administer / 아이디 ${user.login}은(는) 관리하지 않는 기관의 사람입니다`,
    );
  }
  if (scope && !scope.mayGrantSystemAdmin && person.roles.includes(UserRole.SystemAdmin)) {
    problems.push(
      `${user.login} is a system administrator, whom only a system administrator changes / ${user.login}은(는) 시스템 관리자라서 시스템 관리자만 바꿀 수 있습니다`,
    );
  }
  if (person.id === options.actorId && rolesTaken.some((r) => ADMIN_ROLES.includes(r))) {
    problems.push('you cannot take away your own administrator role / 자기 관리자 권한은 거둘 수 없습니다');
  }
  return problems.length > 0 ? [{ line: user.line, problems }] : [];
}

/** Rows an agency administrator may not import: agencies outside their tree, and system administrators. */
function outOfScope(
  parsed: ReturnType<typeof parseOrgChart>,
  existing: Map<string, { id: string }>,
  scope: ImportScope,
): OrgChartProblem[] {
  const inFile = new Map(parsed.agencies.map((a) => [a.code, a]));
  const within = (code: string, seen = new Set<string>()): boolean => {
    const stored = existing.get(code);
    if (stored) return scope.agencyIds.has(stored.id);
    const agency = inFile.get(code);
    if (!agency?.parentCode || seen.has(code)) return false;
    seen.add(code);
    return within(agency.parentCode, seen);
  };
  const problems: OrgChartProblem[] = [];
  const firstLine = new Map(parsed.agencies.map((a) => [a.code, a.line]));
  for (const agency of parsed.agencies) {
    if (!within(agency.code))
      problems.push({
        line: agency.line,
        problems: [
          `agency ${agency.code} is not one you administer (nor under one) / 기관 ${agency.code}은(는) 관리하는 기관(또는 그 하위 기관)이 아닙니다`,
        ],
      });
  }
  for (const user of parsed.users) {
    if (user.line !== firstLine.get(user.agencyCode) && !within(user.agencyCode))
      problems.push({
        line: user.line,
        problems: [
          `agency ${user.agencyCode} is not one you administer (nor under one) / 기관 ${user.agencyCode}은(는) 관리하는 기관(또는 그 하위 기관)이 아닙니다`,
        ],
      });
    if (!scope.mayGrantSystemAdmin && user.roles.includes(UserRole.SystemAdmin))
      problems.push({
        line: user.line,
        problems: [
          'only a system administrator may import a system administrator / 시스템 관리자는 시스템 관리자만 가져올 수 있습니다',
        ],
      });
  }
  return problems;
}

function mergeByLine(problems: OrgChartProblem[]): OrgChartProblem[] {
  const byLine = new Map<number, string[]>();
  for (const p of problems) byLine.set(p.line, [...(byLine.get(p.line) ?? []), ...p.problems]);
  return [...byLine].sort(([a], [b]) => a - b).map(([line, list]) => ({ line, problems: list }));
}
