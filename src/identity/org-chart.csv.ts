import { parse } from 'csv-parse/sync';
import { AGENCY_KINDS, normaliseLogin, USER_ROLES, UserRole, type AgencyKind } from './identity.types.js';

export const ORG_CHART_COLUMNS = [
  'agency_code',
  'agency_name',
  'agency_kind',
  'parent_code',
  'department',
  'login',
  'display_name',
  'email',
  'position',
  'roles',
] as const;

export interface OrgChartAgency {
  line: number;
  code: string;
  name: string;
  kind: AgencyKind;
  parentCode: string | null;
}

export interface OrgChartUser {
  line: number;
  login: string;
  displayName: string;
  email: string | null;
  position: string | null;
  agencyCode: string;
  department: string | null;
  roles: UserRole[];
}

export interface OrgChartProblem {
  line: number;
  problems: string[];
}

export interface ParsedOrgChart {
  agencies: OrgChartAgency[];
  departments: Array<{ agencyCode: string; name: string }>;
  users: OrgChartUser[];
  problems: OrgChartProblem[];
}

const CODE = /^[A-Za-z0-9_-]{1,32}$/;
const LOGIN = /^[a-z0-9][a-z0-9._@-]{1,253}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Reads an org-chart CSV (header row first, one row per user; a row with no login only declares
 * its agency and department) and checks everything that can be checked without the database.
 * Line numbers are the file's own, header = line 1.
 */
export function parseOrgChart(text: string): ParsedOrgChart {
  const result: ParsedOrgChart = { agencies: [], departments: [], users: [], problems: [] };
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, {
      columns: true,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
      relax_column_count: false,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    result.problems.push({
      line,
      problems: [`the file is not valid CSV: ${(error as Error).message} / CSV 형식이 올바르지 않습니다`],
    });
    return result;
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const missing = ORG_CHART_COLUMNS.filter((c) => !header.includes(c));
  if (records.length > 0 && missing.length > 0) {
    result.problems.push({
      line: 1,
      problems: [`the header lacks column(s): ${missing.join(', ')} / 머리글에 없는 열: ${missing.join(', ')}`],
    });
    return result;
  }

  const agencies = new Map<string, OrgChartAgency>();
  const departments = new Set<string>();
  const logins = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    const problems: string[] = [];
    const field = (name: (typeof ORG_CHART_COLUMNS)[number]) => (record[name] ?? '').trim();
    const code = field('agency_code');
    const kind = field('agency_kind');
    const parentCode = field('parent_code') || null;
    if (!CODE.test(code))
      problems.push('agency_code must be 1-32 letters, digits, - or _ / agency_code는 영문·숫자·-·_ 1~32자입니다');
    if (!field('agency_name') || field('agency_name').length > 200)
      problems.push(
        'agency_name is required (at most 200 characters) / agency_name(기관명)을 200자 이내로 적어야 합니다',
      );
    if (!(AGENCY_KINDS as string[]).includes(kind))
      problems.push(
        `agency_kind must be one of ${AGENCY_KINDS.join(', ')} / agency_kind(기관 종류)는 ${AGENCY_KINDS.join(', ')} 중 하나입니다`,
      );
    if (parentCode !== null && !CODE.test(parentCode))
      problems.push('parent_code must be 1-32 letters, digits, - or _ / parent_code는 영문·숫자·-·_ 1~32자입니다');
    if (parentCode !== null && parentCode === code)
      problems.push('an agency cannot be its own parent / 기관이 자기 자신의 상위 기관일 수 없습니다');
    const agency: OrgChartAgency = { line, code, name: field('agency_name'), kind: kind as AgencyKind, parentCode };
    const known = agencies.get(code);
    if (known && (known.name !== agency.name || known.kind !== agency.kind || known.parentCode !== agency.parentCode)) {
      problems.push(
        `agency ${code} is described differently on line ${known.line} / 기관 ${code}이(가) ${known.line}번째 줄과 다르게 적혀 있습니다`,
      );
    }

    const department = field('department') || null;
    if (department !== null && department.length > 200)
      problems.push('department may have at most 200 characters / department(부서)는 200자까지입니다');

    const rawLogin = field('login');
    let user: OrgChartUser | null = null;
    if (rawLogin) {
      const login = normaliseLogin(rawLogin);
      if (!LOGIN.test(login))
        problems.push(
          'login must be 2-254 characters: letters, digits, . _ @ - / login(아이디)은 영문·숫자와 . _ @ - 로 2~254자입니다',
        );
      const earlier = logins.get(login);
      if (earlier !== undefined)
        problems.push(
          `login ${login} appears already on line ${earlier} / 아이디 ${login}이(가) ${earlier}번째 줄에 이미 있습니다`,
        );
      const displayName = field('display_name');
      if (!displayName || displayName.length > 100)
        problems.push(
          'display_name is required (at most 100 characters) / display_name(이름)을 100자 이내로 적어야 합니다',
        );
      const email = field('email') || null;
      if (email !== null && !EMAIL.test(email))
        problems.push('email is not an e-mail address / email이 올바른 이메일 주소가 아닙니다');
      const roles = field('roles')
        .split(/[;|]/)
        .map((r) => r.trim())
        .filter(Boolean);
      const badRoles = roles.filter((r) => !(USER_ROLES as string[]).includes(r));
      if (badRoles.length > 0)
        problems.push(
          `unknown role(s): ${badRoles.join(', ')} (known: ${USER_ROLES.join(', ')}) / 알 수 없는 권한: ${badRoles.join(', ')}`,
        );
      user = {
        line,
        login,
        displayName,
        email: email?.toLowerCase() ?? null,
        position: field('position') || null,
        agencyCode: code,
        department,
        roles: roles.length > 0 ? (roles as UserRole[]) : [UserRole.Member],
      };
      if (earlier === undefined) logins.set(login, line);
    }

    if (problems.length > 0) {
      result.problems.push({ line, problems });
      continue;
    }
    if (!known) {
      agencies.set(code, agency);
      result.agencies.push(agency);
    }
    if (department !== null && !departments.has(`${code}\u0000${department}`)) {
      departments.add(`${code}\u0000${department}`);
      result.departments.push({ agencyCode: code, name: department });
    }
    if (user) result.users.push(user);
  }
  return result;
}

/** Orders agencies so that each comes after its parent; reports cycles by line. */
export function orderAgencies(agencies: OrgChartAgency[]): { ordered: OrgChartAgency[]; problems: OrgChartProblem[] } {
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  const ordered: OrgChartAgency[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const problems: OrgChartProblem[] = [];
  const visit = (agency: OrgChartAgency): boolean => {
    const s = state.get(agency.code);
    if (s === 'done') return true;
    if (s === 'visiting') {
      problems.push({
        line: agency.line,
        problems: [
          `agency ${agency.code} is part of a parent cycle / 기관 ${agency.code}의 상위 기관 관계가 순환합니다`,
        ],
      });
      return false;
    }
    state.set(agency.code, 'visiting');
    const parent = agency.parentCode ? byCode.get(agency.parentCode) : undefined;
    const ok = parent ? visit(parent) : true;
    state.set(agency.code, 'done');
    if (ok) ordered.push(agency);
    return ok;
  };
  for (const agency of agencies) visit(agency);
  return { ordered, problems };
}
