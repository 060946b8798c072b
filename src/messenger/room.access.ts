import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AccessService, type AccessPolicy } from '../access/access.service.js';
import { UserRole, type Principal } from '../identity/identity.types.js';
import { MessengerException } from './messenger.exception.js';
import { MemberRole, RoomInvitePolicy, RoomKind } from './messenger.types.js';
import { RoomRepository } from './room.repository.js';

/**
 * Who may do what to rooms. Read: its members (an agency room: while they are in that agency).
 * Manage (rename, archive, remove members): its owners, and agency admins in their agency's room.
 * Invite: its owners, or any member when the room's invite policy says `members`.
 */
@Injectable()
export class RoomAccessPolicy implements AccessPolicy, OnModuleInit {
  readonly resource = 'room';

  constructor(
    private readonly access: AccessService,
    private readonly rooms: RoomRepository,
  ) {}

  onModuleInit(): void {
    this.access.register(this);
  }

  async allowed(principal: Principal, action: string, ids: readonly string[]): Promise<Set<string>> {
    const [rooms, memberships] = await Promise.all([
      this.rooms.findByIds([...ids]),
      this.rooms.membershipsOf([...ids], principal.userId),
    ]);
    const role = new Map(memberships.map((m) => [m.roomId, m.role]));
    const agencyAdmin = principal.roles.includes(UserRole.AgencyAdmin);
    return new Set(
      rooms
        .filter((room) => {
          const member = role.get(room.id);
          const readable =
            member !== undefined && (room.kind !== RoomKind.Agency || room.agencyId === principal.agencyId);
          if (action === 'read') return readable;
          if (action === 'manage')
            return member === MemberRole.Owner || (readable && room.kind === RoomKind.Agency && agencyAdmin);
          if (action === 'invite')
            return readable && (member === MemberRole.Owner || room.invitePolicy === RoomInvitePolicy.Members);
          return false;
        })
        .map((room) => room.id),
    );
  }

  notFound(): Error {
    return MessengerException.roomNotFound();
  }

  forbidden(): Error {
    return MessengerException.notOwner();
  }
}
