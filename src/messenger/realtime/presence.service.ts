import { Injectable } from '@nestjs/common';
import { RedisService } from '../../redis/redis.service.js';

const TTL_SECONDS = 3600;

/** Who is online, counted per open connection in Redis so every API node shares it. */
@Injectable()
export class PresenceService {
  constructor(private readonly redis: RedisService) {}

  async connected(userId: string): Promise<void> {
    await this.redis.client.multi().incr(this.key(userId)).expire(this.key(userId), TTL_SECONDS).exec();
  }

  async disconnected(userId: string): Promise<void> {
    const left = await this.redis.client.decr(this.key(userId));
    if (left <= 0) await this.redis.client.del(this.key(userId));
  }

  async online(userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const counts = await this.redis.client.mget(userIds.map((id) => this.key(id)));
    return new Set(userIds.filter((_, i) => Number(counts[i] ?? 0) > 0));
  }

  private key(userId: string): string {
    return this.redis.key('presence', userId);
  }
}
