import { Injectable } from '@nestjs/common';
import { validationFailed } from '../common/ieum.exception.js';
import { AgencyRepository, type DepartmentSummary } from './agency.repository.js';
import { IdentityException } from './identity.exception.js';
import { UserKind, type Principal } from './identity.types.js';
import { UserRepository } from './user.repository.js';

export interface DirectoryPerson {
  id: string;
  login: string;
  displayName: string;
  position: string | null;
  agency: { id: string; name: string } | null;
  department: { id: string; name: string } | null;
}

export interface DirectoryPage {
  items: DirectoryPerson[];
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

export type { DepartmentSummary };

export interface DirectoryQuery {
  q?: string;
  agencyId?: string;
  departmentId?: string;
  cursor?: string;
  limit?: number;
}

const DEFAULT_LIMIT = 20;

/**
 * Finding colleagues: active public servants by name or sign-in name, by agency and department.
 * The org chart is open to every public servant (it is how one finds a colleague in another
 * ministry) and closed to guests.
 */
@Injectable()
export class DirectorySearchService {
  constructor(
    private readonly users: UserRepository,
    private readonly agencies: AgencyRepository,
  ) {}

  async people(principal: Principal, query: DirectoryQuery): Promise<DirectoryPage> {
    assertStaff(principal);
    const term = query.q?.normalize('NFKC').trim() || undefined;
    if (query.agencyId && !(await this.agencies.findById(query.agencyId)))
      throw IdentityException.agencyNotFound(query.agencyId);
    if (query.departmentId) {
      const department = await this.agencies.findDepartmentById(query.departmentId);
      if (!department || (query.agencyId && department.agencyId !== query.agencyId))
        throw IdentityException.departmentNotFound(query.departmentId);
    }
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.users.searchStaff({
      term,
      agencyId: query.agencyId,
      departmentId: query.departmentId,
      after: decodeCursor(query.cursor),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((u) => ({
        id: u.id,
        login: u.login,
        displayName: u.displayName,
        position: u.position,
        agency: u.agency ? { id: u.agency.id, name: u.agency.name } : null,
        department: u.department ? { id: u.department.id, name: u.department.name } : null,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.displayName, last.id) : null,
    };
  }

  /** An agency's departments with how many active public servants each has. */
  async departments(principal: Principal, agencyId: string): Promise<DepartmentSummary[]> {
    assertStaff(principal);
    if (!(await this.agencies.findById(agencyId))) throw IdentityException.agencyNotFound(agencyId);
    return this.agencies.departmentsWithCounts(agencyId);
  }
}

function assertStaff(principal: Principal): void {
  if (principal.kind !== UserKind.Staff) throw IdentityException.staffOnly();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function encodeCursor(displayName: string, id: string): string {
  return Buffer.from(JSON.stringify([displayName, id])).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { displayName: string; id: string } | undefined {
  if (!cursor) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    typeof parsed[1] !== 'string' ||
    !UUID.test(parsed[1])
  ) {
    throw validationFailed([{ field: 'cursor', problems: [{ en: 'not a cursor this API gave', ko: '잘못된 커서' }] }]);
  }
  return { displayName: parsed[0], id: parsed[1] };
}
