import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AccessService, type AccessPolicy } from '../access/access.service.js';
import { CommonException, CommonExceptionCode } from '../common/ieum.exception.js';
import { AgencyRepository } from '../identity/agency.repository.js';
import { UserRole, type Principal } from '../identity/identity.types.js';

/** The refusal of statistics: a report names no one item, so there is nothing to hide behind a 404. */
export function statsForbidden(): CommonException {
  return new CommonException(
    CommonExceptionCode.Forbidden,
    { en: 'Usage statistics are for administrators.', ko: '이용 통계는 관리자만 볼 수 있습니다.' },
    'forbidden',
  );
}

/**
 * Whose usage statistics one may read, by agency id: a system administrator's, every agency's; an
 * agency administrator's, their own agency's and those under it in the tree. One statement at most.
 */
@Injectable()
export class StatsAccessPolicy implements AccessPolicy, OnModuleInit {
  readonly resource = 'stats';

  constructor(
    private readonly access: AccessService,
    private readonly agencies: AgencyRepository,
  ) {}

  onModuleInit(): void {
    this.access.register(this);
  }

  async allowed(principal: Principal, action: string, ids: readonly string[]): Promise<Set<string>> {
    if (action !== 'read' || principal.kind !== 'staff') return new Set();
    if (principal.roles.includes(UserRole.SystemAdmin)) return new Set(ids);
    if (!principal.roles.includes(UserRole.AgencyAdmin) || !principal.agencyId) return new Set();
    const subtree = new Set(await this.agencies.subtreeIds(principal.agencyId));
    return new Set(ids.filter((id) => subtree.has(id)));
  }

  notFound(): Error {
    return statsForbidden();
  }

  forbidden(): Error {
    return statsForbidden();
  }
}
