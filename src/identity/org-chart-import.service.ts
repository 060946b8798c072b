import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work.js';
import { agencyParentProblem } from './agency-tree.policy.js';
import { AgencyRepository } from './agency.repository.js';
import { DirectoryService } from './directory.service.js';
import { UserKind, UserRole, type AgencyKind } from './identity.types.js';
import { orderAgencies, parseOrgChart, type OrgChartProblem } from './org-chart.csv.js';
import { UserRepository } from './user.repository.js';

export interface OrgChartImportResult {
  problems: OrgChartProblem[];
  agenciesCreated: number;
  departmentsSeen: number;
  usersCreated: number;
}

export type ImportProgress = (done: number, total: number) => void;

/** What an agency administrator may import: rows of the agencies they administer (and new ones under them), no system administrators. */
export interface ImportScope {
  agencyIds: ReadonlySet<string>;
  mayGrantSystemAdmin: boolean;
}

/** Imports an org chart all or nothing: any bad row and not one row is written. */
@Injectable()
export class OrgChartImportService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly agencies: AgencyRepository,
    private readonly users: UserRepository,
    private readonly directory: DirectoryService,
  ) {}

  async import(text: string, options: { dryRun?: boolean; onProgress?: ImportProgress; scope?: ImportScope } = {}): Promise<OrgChartImportResult> {
    const parsed = parseOrgChart(text);
    const { ordered, problems: cycles } = orderAgencies(parsed.agencies);
    const problems = [...parsed.problems, ...cycles];
    if (parsed.problems.length === 0 && parsed.agencies.length === 0) problems.push({ line: 1, problems: ['the file has no rows below its header / 머리글 아래에 줄이 없습니다'] });

    const fileKinds = new Map<string, AgencyKind>(parsed.agencies.map((a) => [a.code, a.kind]));
    const referenced = [...new Set(parsed.agencies.flatMap((a) => [a.code, ...(a.parentCode ? [a.parentCode] : [])]))];
    const existing = new Map((await this.agencies.findByCodes(referenced)).map((a) => [a.code, a]));
    for (const agency of parsed.agencies) {
      const stored = existing.get(agency.code);
      if (stored && (stored.name !== agency.name || stored.kind !== agency.kind)) {
        problems.push({ line: agency.line, problems: [`agency ${agency.code} exists already as "${stored.name}" (${stored.kind}) / 기관 ${agency.code}은(는) 이미 "${stored.name}"(으)로 있습니다`] });
        continue;
      }
      if (stored) continue;
      const parentKind = agency.parentCode ? (fileKinds.get(agency.parentCode) ?? existing.get(agency.parentCode)?.kind) : null;
      if (agency.parentCode && parentKind === undefined) {
        problems.push({ line: agency.line, problems: [`parent agency ${agency.parentCode} is neither in the file nor in Ieum / 상위 기관 ${agency.parentCode}이(가) 파일에도 이음에도 없습니다`] });
        continue;
      }
      const treeProblem = agencyParentProblem(agency.kind, parentKind ?? null);
      if (treeProblem) problems.push({ line: agency.line, problems: [`${treeProblem} / 그 종류의 기관 아래에 둘 수 없습니다`] });
    }
    if (options.scope) problems.push(...outOfScope(parsed, existing, options.scope));
    const taken = new Set(await this.users.existingLogins(parsed.users.map((u) => u.login)));
    for (const user of parsed.users) {
      if (taken.has(user.login)) problems.push({ line: user.line, problems: [`login ${user.login} exists already / 아이디 ${user.login}은(는) 이미 있습니다`] });
    }

    const merged = mergeByLine(problems);
    const empty = { agenciesCreated: 0, departmentsSeen: 0, usersCreated: 0 };
    if (merged.length > 0 || options.dryRun) {
      return { problems: merged, ...empty, ...(options.dryRun && merged.length === 0 ? this.counts(ordered.length, existing, parsed) : {}) };
    }

    const toCreate = ordered.filter((a) => !existing.has(a.code));
    const total = toCreate.length + parsed.departments.length + parsed.users.length;
    let done = 0;
    const step = () => options.onProgress?.(++done, total);
    await this.uow.run(async (tx) => {
      const ids = new Map([...existing].map(([code, a]) => [code, a.id]));
      for (const agency of toCreate) {
        const created = await this.directory.createAgencyIn(tx, agency, null);
        ids.set(agency.code, created.id);
        step();
      }
      for (const department of parsed.departments) {
        await this.directory.ensureDepartmentIn(tx, ids.get(department.agencyCode) ?? '', department.name);
        step();
      }
      for (const user of parsed.users) {
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
          null,
        );
        step();
      }
    });
    return { problems: [], agenciesCreated: toCreate.length, departmentsSeen: parsed.departments.length, usersCreated: parsed.users.length };
  }

  private counts(orderedCount: number, existing: Map<string, unknown>, parsed: ReturnType<typeof parseOrgChart>) {
    return {
      agenciesCreated: orderedCount - parsed.agencies.filter((a) => existing.has(a.code)).length,
      departmentsSeen: parsed.departments.length,
      usersCreated: parsed.users.length,
    };
  }
}

/** Rows an agency administrator may not import: agencies outside their tree, and system administrators. */
function outOfScope(parsed: ReturnType<typeof parseOrgChart>, existing: Map<string, { id: string }>, scope: ImportScope): OrgChartProblem[] {
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
    if (!within(agency.code)) problems.push({ line: agency.line, problems: [`agency ${agency.code} is not one you administer (nor under one) / 기관 ${agency.code}은(는) 관리하는 기관(또는 그 하위 기관)이 아닙니다`] });
  }
  for (const user of parsed.users) {
    if (user.line !== firstLine.get(user.agencyCode) && !within(user.agencyCode)) problems.push({ line: user.line, problems: [`agency ${user.agencyCode} is not one you administer (nor under one) / 기관 ${user.agencyCode}은(는) 관리하는 기관(또는 그 하위 기관)이 아닙니다`] });
    if (!scope.mayGrantSystemAdmin && user.roles.includes(UserRole.SystemAdmin)) problems.push({ line: user.line, problems: ['only a system administrator may import a system administrator / 시스템 관리자는 시스템 관리자만 가져올 수 있습니다'] });
  }
  return problems;
}

function mergeByLine(problems: OrgChartProblem[]): OrgChartProblem[] {
  const byLine = new Map<number, string[]>();
  for (const p of problems) byLine.set(p.line, [...(byLine.get(p.line) ?? []), ...p.problems]);
  return [...byLine].sort(([a], [b]) => a - b).map(([line, list]) => ({ line, problems: list }));
}
