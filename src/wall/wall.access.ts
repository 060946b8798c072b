import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AccessService, type AccessPolicy } from '../access/access.service.js';
import { UserRole, type Principal } from '../identity/identity.types.js';
import { WallException } from './wall.exception.js';
import { WallRepository, type WallItemScope } from './wall.repository.js';

/** Whether this person moderates a wall of this agency (null: a wall open to all government). */
export function moderates(principal: Principal, agencyId: string | null): boolean {
  return (
    principal.roles.includes(UserRole.SystemAdmin) ||
    (agencyId !== null && agencyId === principal.agencyId && principal.roles.includes(UserRole.AgencyAdmin))
  );
}

/**
 * Who may do what to walls, their posts and their comments (an id names any of the three).
 * Read: staff, on a wall open to all or of their agency; a post or comment not deleted, and not
 * hidden (nor its post) unless it is theirs or they moderate. Write: whoever reads. Manage: the
 * wall's moderators (system administrators; an agency's administrators on their agency's walls).
 */
@Injectable()
export class WallAccessPolicy implements AccessPolicy, OnModuleInit {
  readonly resource = 'wall';

  constructor(
    private readonly access: AccessService,
    private readonly walls: WallRepository,
  ) {}

  onModuleInit(): void {
    this.access.register(this);
  }

  async allowed(principal: Principal, action: string, ids: readonly string[]): Promise<Set<string>> {
    if (principal.kind !== 'staff') return new Set();
    const readable = (item: WallItemScope): boolean => {
      if (item.agencyId !== null && item.agencyId !== principal.agencyId) return false;
      const moderator = moderates(principal, item.agencyId);
      const sees = (author: string | null, hidden: boolean, deleted: boolean): boolean =>
        !deleted && (!hidden || author === principal.userId || moderator);
      if (item.kind === 'wall') return true;
      if (!sees(item.postAuthorId, item.postHidden, item.postDeleted)) return false;
      return item.kind === 'post' || sees(item.authorId, item.hidden, item.deleted);
    };
    const holds = (item: WallItemScope): boolean => {
      if (action === 'read' || action === 'write') return readable(item);
      if (action === 'manage') return readable(item) && moderates(principal, item.agencyId);
      return false;
    };
    return new Set((await this.walls.scopes(ids)).filter(holds).map((item) => item.id));
  }

  notFound(): Error {
    return WallException.notFound();
  }

  forbidden(): Error {
    return WallException.notModerator();
  }
}
