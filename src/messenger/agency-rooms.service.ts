import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobName, type JobPayload } from '../bus/bus.constants.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { RealtimePublisher } from './realtime/realtime.publisher.js';
import { roomView } from './room-view.js';
import { RoomRepository, type AgencyRoomChange } from './room.repository.js';

/**
 * Agency rooms kept in step with the org chart: a person added to the directory is put in their
 * agency's room by a job from the directory's transaction, and a worker starting up reconciles
 * every agency room with the directory (what changed outside Ieum, or while no worker ran).
 * Signing in and connecting check the person's own rooms again.
 */
@Injectable()
export class AgencyRoomsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AgencyRoomsService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly rooms: RoomRepository,
    private readonly realtime: RealtimePublisher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.roles.has('worker')) return;
    await this.sync(null).catch((error: unknown) => this.logger.warn(`agency rooms not reconciled: ${String(error)}`));
  }

  @OnJob(JobName.DirectoryUserChanged)
  async userChanged(
    data: JobPayload<typeof JobName.DirectoryUserChanged>,
  ): Promise<{ added: number; removed: number }> {
    return this.sync([data.userId]);
  }

  /** Reconciles the given people's agency rooms (everyone's for null) and tells their sockets. */
  async sync(userIds: string[] | null): Promise<{ added: number; removed: number }> {
    const { added, removed } = await this.rooms.reconcileAgencyRooms(userIds);
    for (const [roomId, left] of byRoom(removed)) {
      this.realtime.leave(left, roomId);
      this.realtime.toUsers(left, 'room.left', { roomId });
    }
    const joined = byRoom(added);
    for (const room of await this.rooms.findByIds([...joined.keys()])) {
      const userIds = joined.get(room.id) ?? [];
      this.realtime.join(userIds, room.id);
      this.realtime.toUsers(userIds, 'room.joined', roomView(room));
    }
    if (userIds === null && added.length + removed.length > 0)
      this.logger.log(`agency rooms reconciled: ${added.length} joined, ${removed.length} left`);
    return { added: added.length, removed: removed.length };
  }
}

function byRoom(changes: AgencyRoomChange[]): Map<string, string[]> {
  const rooms = new Map<string, string[]>();
  for (const { roomId, userId } of changes) rooms.set(roomId, [...(rooms.get(roomId) ?? []), userId]);
  return rooms;
}
