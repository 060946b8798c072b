import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { RedisService } from '../../redis/redis.service.js';

/** How long a socket counts as online after its node last vouched for it. */
export const PRESENCE_TTL_MS = 90_000;
/** How often each node vouches for the sockets it holds: well inside the TTL. */
export const PRESENCE_REFRESH_MS = 30_000;
/** Sockets re-scored per Redis round trip by the refresh. */
const REFRESH_CHUNK = 250;

/**
 * Who is online, shared by every API node in Redis: one sorted set per user whose members are
 * that user's open sockets, scored with when each stops counting. Each node re-scores its own
 * sockets on an interval, so a connection of any length stays online, and the sockets of a node
 * that died without saying goodbye drop out within the TTL.
 */
@Injectable()
export class PresenceService implements OnModuleDestroy {
  /** This node's open sockets: socket id → user id. */
  private readonly local = new Map<string, string>();
  private readonly logger = new Logger(PresenceService.name);
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly redis: RedisService) {
    // A missed refresh is retried on the next tick; the keys outlive two of them.
    this.timer = setInterval(
      () =>
        void this.refresh().catch((error: unknown) => this.logger.warn(`presence refresh failed: ${String(error)}`)),
      PRESENCE_REFRESH_MS,
    );
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async connected(userId: string, socketId: string): Promise<void> {
    this.local.set(socketId, userId);
    await this.vouch([[socketId, userId]]);
  }

  async disconnected(userId: string, socketId: string): Promise<void> {
    this.local.delete(socketId);
    await this.redis.client.zrem(this.key(userId), socketId);
  }

  /**
   * Re-scores every socket this node holds; the interval calls it. A few hundred sockets at a time,
   * each pipeline awaited before the next is built, so thousands of sockets never hold the event
   * loop (and the messages waiting on it) for one long write and one long parse of the replies.
   */
  async refresh(): Promise<void> {
    const sockets = [...this.local];
    for (let i = 0; i < sockets.length; i += REFRESH_CHUNK) await this.vouch(sockets.slice(i, i + REFRESH_CHUNK));
  }

  async online(userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const now = Date.now();
    const pipeline = this.redis.client.pipeline();
    for (const id of userIds)
      pipeline.zremrangebyscore(this.key(id), '-inf', now).zcount(this.key(id), `(${now}`, '+inf');
    const results = (await pipeline.exec()) ?? [];
    return new Set(userIds.filter((_, i) => Number(results[i * 2 + 1]?.[1] ?? 0) > 0));
  }

  private async vouch(sockets: Array<[socketId: string, userId: string]>): Promise<void> {
    const until = Date.now() + PRESENCE_TTL_MS;
    const pipeline = this.redis.client.pipeline();
    // The key itself outlives its newest member by a little, so a user who is gone leaves nothing.
    for (const [socketId, userId] of sockets)
      pipeline.zadd(this.key(userId), until, socketId).pexpire(this.key(userId), PRESENCE_TTL_MS * 2);
    await pipeline.exec();
  }

  private key(userId: string): string {
    return this.redis.key('presence', userId);
  }
}
