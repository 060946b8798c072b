import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AccessService, type AccessPolicy } from '../access/access.service.js';
import { UserRole, type Principal } from '../identity/identity.types.js';
import { MeetingException } from './meeting.exception.js';
import { MeetingRepository } from './meeting.repository.js';

/**
 * Who may do what to meetings. Read: its participants, and system administrators. Join (and
 * leave): its participants. Host (attendance): its host, and system administrators. Anyone else
 * hears that there is no such meeting; a participant who is not the host is refused as such.
 */
@Injectable()
export class MeetingAccessPolicy implements AccessPolicy, OnModuleInit {
  readonly resource = 'meeting';

  constructor(
    private readonly access: AccessService,
    private readonly meetings: MeetingRepository,
  ) {}

  onModuleInit(): void {
    this.access.register(this);
  }

  async allowed(principal: Principal, action: string, ids: readonly string[]): Promise<Set<string>> {
    const admin = principal.roles.includes(UserRole.SystemAdmin);
    const rows = await this.meetings.heldIds(ids, principal.userId);
    const holds = (row: { participant: boolean; host: boolean }): boolean => {
      if (action === 'read') return admin || row.participant;
      if (action === 'join') return row.participant;
      if (action === 'host') return admin || row.host;
      return false;
    };
    return new Set(rows.filter(holds).map((r) => r.id));
  }

  notFound(): Error {
    return MeetingException.notFound();
  }

  forbidden(action: string): Error {
    return action === 'host' ? MeetingException.notHost() : MeetingException.notFound();
  }
}
