import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { UnitOfWork, type Tx } from '../database/unit-of-work.js';
import { AgencyRepository } from '../identity/agency.repository.js';
import { IdentityException } from '../identity/identity.exception.js';
import { UserKind, type Principal } from '../identity/identity.types.js';
import { UserRepository } from '../identity/user.repository.js';
import { AgencyRoomsService } from './agency-rooms.service.js';
import { hasControlCharacters } from '../common/control-characters.js';
import { MessengerException } from './messenger.exception.js';
import { MemberRole, RoomKind, type RoomInvitePolicy } from './messenger.types.js';
import { RealtimePublisher } from './realtime/realtime.publisher.js';
import type { RoomMemberEntity } from './room-member.entity.js';
import type { RoomEntity } from './room.entity.js';
import { RoomRepository, type RoomSummaryRow } from './room.repository.js';
import { roomView } from './room-view.js';

export interface CreateRoomInput {
  kind: typeof RoomKind.Group | typeof RoomKind.Collaboration;
  name: string;
  topic?: string | null;
  userIds?: string[];
  agencyIds?: string[];
}

/** A member as the room's people see them: enough to name, mention (@login) and count readers. */
export interface RoomMemberView {
  userId: string;
  login: string;
  displayName: string;
  agencyId: string | null;
  agencyName: string | null;
  role: MemberRole;
  lastReadSeq: string;
}

export interface RoomAccess {
  room: RoomEntity;
  member: RoomMemberEntity;
}

/** Rooms and who is in them. Every read and change checks membership first. */
@Injectable()
export class RoomService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly rooms: RoomRepository,
    private readonly users: UserRepository,
    private readonly agencies: AgencyRepository,
    private readonly agencyRooms: AgencyRoomsService,
    private readonly realtime: RealtimePublisher,
    private readonly permissions: AccessService,
  ) {}

  /** The room and the caller's membership, or ROOM_NOT_FOUND for anyone outside it. */
  async access(principal: Principal, roomId: string): Promise<RoomAccess> {
    const [room, member] = await Promise.all([
      this.rooms.findById(roomId),
      this.rooms.membership(roomId, principal.userId),
    ]);
    if (!room || !member) throw MessengerException.roomNotFound();
    // An agency room follows the org chart: someone who moved away is out at once.
    if (room.kind === RoomKind.Agency && room.agencyId !== principal.agencyId) throw MessengerException.roomNotFound();
    return { room, member };
  }

  /**
   * Of these rooms, the ones `access` would let the person into, in two statements however many
   * rooms are asked about (a list of tasks, each with its room, asks about a room per row).
   */
  async accessible(principal: Principal, roomIds: readonly string[]): Promise<Set<string>> {
    const ids = [...new Set(roomIds)];
    if (ids.length === 0) return new Set();
    const [rooms, memberships] = await Promise.all([
      this.rooms.findByIds(ids),
      this.rooms.membershipsOf(ids, principal.userId),
    ]);
    const member = new Set(memberships.map((m) => m.roomId));
    return new Set(
      rooms
        .filter(
          (room) => member.has(room.id) && (room.kind !== RoomKind.Agency || room.agencyId === principal.agencyId),
        )
        .map((room) => room.id),
    );
  }

  /** Who is in the room (for a feature posting there on someone's behalf). */
  async memberIds(roomId: string): Promise<string[]> {
    return this.rooms.memberIds(roomId);
  }

  /** Whether the person is in the room now (for a connector acting on someone's behalf). */
  async isMember(roomId: string, userId: string): Promise<boolean> {
    return (await this.rooms.membership(roomId, userId)) !== null;
  }

  async create(principal: Principal, input: CreateRoomInput): Promise<RoomEntity> {
    this.assertStaff(principal);
    const invited = await this.resolveInvitees(input.userIds ?? [], input.agencyIds ?? []);
    return this.uow.run((tx) => this.createIn(tx, principal, input, invited));
  }

  /**
   * Creates a group or collaboration room inside the caller's transaction (a meeting's room is
   * written with the meeting), with people the caller has already looked up; they hear of it once
   * that transaction commits.
   */
  async createIn(
    tx: Tx,
    principal: Principal,
    input: Omit<CreateRoomInput, 'userIds' | 'agencyIds'>,
    invited: ReadonlyArray<{ id: string; agencyId: string | null }>,
  ): Promise<RoomEntity> {
    this.assertStaff(principal);
    assertPrintable(input.name, input.topic);
    if (input.kind === RoomKind.Group && invited.some((u) => u.agencyId !== principal.agencyId))
      throw MessengerException.crossAgency();
    const created = await this.rooms.insert(tx, {
      kind: input.kind,
      name: input.name.trim().slice(0, 200),
      topic: input.topic?.trim() || null,
      agencyId: null,
      directKey: null,
      createdBy: principal.userId,
    });
    await this.rooms.addMembers(tx, created.id, [principal.userId], MemberRole.Owner);
    await this.rooms.addMembers(
      tx,
      created.id,
      [...new Set(invited.map((u) => u.id))].filter((id) => id !== principal.userId),
    );
    tx.afterCommit(() => this.announceJoin(created, [principal.userId, ...invited.map((u) => u.id)]));
    return created;
  }

  /** The one direct room of two people, created on first use. */
  async openDirect(principal: Principal, otherUserId: string): Promise<RoomEntity> {
    this.assertStaff(principal);
    const [other] = await this.users.findByIds([otherUserId]);
    if (!other || other.disabledAt || other.kind !== UserKind.Staff) throw MessengerException.userNotFound();
    return this.ensureDirect(principal.userId, other.id);
  }

  /** A bot's direct room with someone, where it delivers what concerns only them. */
  async openBotDirect(botUserId: string, userId: string): Promise<RoomEntity> {
    const [other] = await this.users.findByIds([userId]);
    if (!other || other.disabledAt) throw MessengerException.userNotFound();
    return this.ensureDirect(botUserId, other.id);
  }

  private async ensureDirect(userId: string, otherId: string): Promise<RoomEntity> {
    const directKey = [userId, otherId].sort().join(':');
    const existing = await this.rooms.findDirect(directKey);
    if (existing) return existing;
    const room = await this.uow
      .run(async (tx) => {
        const created = await this.rooms.insert(tx, {
          kind: RoomKind.Direct,
          name: null,
          topic: null,
          agencyId: null,
          directKey,
          createdBy: userId,
        });
        await this.rooms.addMembers(tx, created.id, [...new Set([userId, otherId])], MemberRole.Owner);
        return created;
      })
      .catch(async (error: unknown) => {
        // Both people opened the room at the same moment: the unique key kept one.
        const raced = await this.rooms.findDirect(directKey);
        if (raced) return raced;
        throw error;
      });
    this.announceJoin(room, [userId, otherId]);
    return room;
  }

  /** Puts a public servant in their agency's room (creating it) and out of any they left, as the directory says now. */
  async syncAgencyMembership(principal: Principal): Promise<void> {
    await this.agencyRooms.sync([principal.userId]);
  }

  async listMine(principal: Principal): Promise<RoomSummaryRow[]> {
    await this.syncAgencyMembership(principal);
    return this.rooms.listForUser(principal.userId);
  }

  async update(
    principal: Principal,
    roomId: string,
    patch: { name?: string; topic?: string | null; invitePolicy?: RoomInvitePolicy },
  ): Promise<RoomEntity> {
    const { room } = await this.access(principal, roomId);
    if (room.kind === RoomKind.Direct) throw MessengerException.kindFixed('be renamed');
    await this.assertManager(principal, roomId);
    assertPrintable(patch.name, patch.topic);
    const next = {
      name: patch.name?.trim() ?? room.name,
      topic: patch.topic === undefined ? room.topic : patch.topic?.trim() || null,
      invitePolicy: patch.invitePolicy ?? room.invitePolicy,
    };
    await this.rooms.update(undefined, roomId, next);
    const updated = { ...room, ...next };
    this.realtime.toRoom(roomId, 'room.updated', roomView(updated));
    return updated;
  }

  async archive(principal: Principal, roomId: string): Promise<void> {
    const { room } = await this.access(principal, roomId);
    if (room.kind === RoomKind.Agency) throw MessengerException.kindFixed('be archived');
    await this.assertManager(principal, roomId);
    const archivedAt = room.archivedAt ?? new Date();
    await this.rooms.update(undefined, roomId, { archivedAt });
    this.realtime.toRoom(roomId, 'room.updated', roomView({ ...room, archivedAt }));
  }

  async invite(
    principal: Principal,
    roomId: string,
    input: { userIds?: string[]; agencyIds?: string[] },
  ): Promise<string[]> {
    const { room } = await this.access(principal, roomId);
    if (room.kind === RoomKind.Direct || room.kind === RoomKind.Agency)
      throw MessengerException.kindFixed('take invitations');
    if (room.archivedAt) throw MessengerException.roomArchived();
    // Owners invite; members too when the room's invite policy says so.
    if (!(await this.permissions.allowed(principal, 'room.invite', [roomId])).has(roomId))
      throw MessengerException.notOwner();
    const invited = await this.resolveInvitees(input.userIds ?? [], input.agencyIds ?? []);
    if (room.kind === RoomKind.Group && invited.some((u) => u.agencyId !== principal.agencyId))
      throw MessengerException.crossAgency();
    const added = await this.rooms.addMembers(
      undefined,
      roomId,
      invited.map((u) => u.id),
    );
    this.announceJoin(room, added);
    return added;
  }

  async leave(principal: Principal, roomId: string): Promise<void> {
    const { room } = await this.access(principal, roomId);
    if (room.kind === RoomKind.Direct || room.kind === RoomKind.Agency) throw MessengerException.kindFixed('be left');
    await this.rooms.removeMember(roomId, principal.userId);
    this.removed(roomId, principal.userId);
  }

  /**
   * An owner takes someone out of the room. From the commit on, every request of theirs about the
   * room (messages, files, its change feed) is refused, as access is checked per request, and
   * their sockets on every node leave the room's channel now.
   */
  async removeMember(principal: Principal, roomId: string, userId: string): Promise<void> {
    if (userId === principal.userId) return this.leave(principal, roomId);
    const { room } = await this.access(principal, roomId);
    if (room.kind === RoomKind.Direct || room.kind === RoomKind.Agency)
      throw MessengerException.kindFixed('have members removed');
    await this.assertManager(principal, roomId);
    if (!(await this.rooms.removeMember(roomId, userId))) throw MessengerException.userNotFound();
    this.removed(roomId, userId);
  }

  private removed(roomId: string, userId: string): void {
    this.realtime.leave([userId], roomId);
    this.realtime.toUsers([userId], 'room.left', { roomId });
  }

  async members(principal: Principal, roomId: string): Promise<RoomMemberView[]> {
    await this.access(principal, roomId);
    return (await this.rooms.membersWithUsers(roomId)).map((m) => ({
      userId: m.userId,
      login: m.user?.login ?? '',
      displayName: m.user?.displayName ?? '',
      agencyId: m.user?.agencyId ?? null,
      agencyName: m.user?.agency?.name ?? null,
      role: m.role,
      lastReadSeq: String(m.lastReadSeq),
    }));
  }

  private announceJoin(room: RoomEntity, userIds: string[]): void {
    this.realtime.join(userIds, room.id);
    this.realtime.toUsers(userIds, 'room.joined', roomView(room));
  }

  /** Access for what only the room's owners (or, for an agency room, its agency's admins) may change. */
  async manage(principal: Principal, roomId: string): Promise<RoomAccess> {
    const access = await this.access(principal, roomId);
    await this.assertManager(principal, roomId);
    return access;
  }

  private async assertManager(principal: Principal, roomId: string): Promise<void> {
    if (!(await this.permissions.allowed(principal, 'room.manage', [roomId])).has(roomId))
      throw MessengerException.notOwner();
  }

  private assertStaff(principal: Principal): void {
    if (principal.kind !== UserKind.Staff) throw IdentityException.staffOnly();
  }

  private async resolveInvitees(userIds: string[], agencyIds: string[]) {
    const uniqueIds = [...new Set(userIds)];
    const users = await this.users.findByIds(uniqueIds);
    if (users.length !== uniqueIds.length || users.some((u) => u.disabledAt || u.kind !== UserKind.Staff))
      throw MessengerException.userNotFound();
    const uniqueAgencies = [...new Set(agencyIds)];
    if ((await this.agencies.findByIds(uniqueAgencies)).length !== uniqueAgencies.length)
      throw IdentityException.agencyNotFound(uniqueAgencies.join(','));
    const fromAgencies = await this.users.activeStaffIdsOfAgencies(uniqueAgencies);
    const extra = await this.users.findByIds(fromAgencies.filter((id) => !uniqueIds.includes(id)));
    return [...users, ...extra];
  }
}

function assertPrintable(...texts: Array<string | null | undefined>): void {
  if (texts.some((t) => typeof t === 'string' && hasControlCharacters(t))) throw MessengerException.controlCharacters();
}
