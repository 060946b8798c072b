import { Inject, Injectable } from '@nestjs/common';
import { MATRIX_HOMESERVER, MatrixRequestError, type MatrixHomeserver } from '../bus/capabilities/matrix-homeserver.js';
import type { Principal } from '../identity/identity.types.js';
import { RoomService } from '../messenger/room.service.js';
import { MatrixException } from './matrix.exception.js';
import { isRoomAddress } from './matrix-text.js';
import type { MatrixLinkStatus } from './matrix.types.js';
import { MatrixRepository } from './matrix.repository.js';

/** Linking rooms to Matrix rooms: room owners only, since the link lets outsiders read and write the room. */
@Injectable()
export class MatrixBridgeService {
  constructor(
    @Inject(MATRIX_HOMESERVER) private readonly homeserver: MatrixHomeserver | null,
    private readonly repo: MatrixRepository,
    private readonly rooms: RoomService,
  ) {}

  /** Resolves the alias, joins the bridge's user to the Matrix room, and links it from the room's next message on. */
  async link(
    principal: Principal,
    roomId: string,
    address: string,
  ): Promise<{ matrixRoomId: string; alias: string | null }> {
    const homeserver = this.configured();
    await this.rooms.manage(principal, roomId);
    if (!isRoomAddress(address)) throw MatrixException.invalidRoom(address);
    const existing = await this.repo.linkOf(roomId);
    if (existing) throw MatrixException.alreadyLinked(existing.matrixRoomId);
    const matrixRoomId = await this.call(async () => {
      const id = address.startsWith('#') ? await homeserver.resolveAlias(address) : address;
      if (!id) throw MatrixException.roomNotFound(address);
      return homeserver.join(null, id);
    });
    const other = await this.repo.linkByMatrixRoom(matrixRoomId);
    if (other)
      throw other.roomId === roomId
        ? MatrixException.alreadyLinked(matrixRoomId)
        : MatrixException.roomTaken(matrixRoomId);
    if (
      !(await this.repo.createLink({
        roomId,
        matrixRoomId,
        matrixAlias: address.startsWith('#') ? address : null,
        linkedBy: principal.userId,
      }))
    ) {
      throw MatrixException.roomTaken(matrixRoomId);
    }
    return { matrixRoomId, alias: address.startsWith('#') ? address : null };
  }

  /** Stops carrying messages either way; what was carried stays on both sides. */
  async unlink(principal: Principal, roomId: string): Promise<{ matrixRoomId: string }> {
    await this.rooms.manage(principal, roomId);
    const link = await this.repo.linkOf(roomId);
    if (!link) throw MatrixException.notLinked();
    await this.repo.deleteLink(roomId);
    return { matrixRoomId: link.matrixRoomId };
  }

  /** Any member may see whether and how the room is bridged. */
  async status(principal: Principal, roomId: string): Promise<MatrixLinkStatus | null> {
    await this.rooms.access(principal, roomId);
    const link = await this.repo.linkOf(roomId);
    if (!link) return null;
    return {
      matrixRoomId: link.matrixRoomId,
      matrixAlias: link.matrixAlias,
      backlog: await this.repo.backlog(roomId),
      parkedForMs: await this.repo.parkedFor(roomId),
      failures: link.failures,
      lastError: link.lastError,
      lastSentAt: link.lastSentAt,
    };
  }

  /** Whether this deployment has a homeserver to bridge to at all. */
  get available(): boolean {
    return this.homeserver !== null;
  }

  private configured(): MatrixHomeserver {
    if (!this.homeserver) throw MatrixException.notConfigured();
    return this.homeserver;
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof MatrixRequestError)) throw error;
      if (error.kind === 'refused') throw MatrixException.refused(error.message);
      throw MatrixException.unreachable(error.message);
    }
  }
}
