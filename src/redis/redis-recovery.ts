import { Injectable } from '@nestjs/common';
import { RedisService } from './redis.service.js';

/**
 * Redis may come back empty at any moment. Whatever keeps state in Redis that PostgreSQL also
 * holds registers here how to write it back; the outbox relay, which notices the loss (the
 * deployment's epoch key is gone), runs them all before it writes a new epoch.
 */
@Injectable()
export class RedisRecovery {
  private readonly restorers = new Map<string, () => Promise<number>>();

  constructor(private readonly redis: RedisService) {}

  /** The key whose absence means Redis lost this deployment's data. */
  get epochKey(): string {
    return this.redis.key('epoch');
  }

  register(name: string, restore: () => Promise<number>): void {
    this.restorers.set(name, restore);
  }

  /** Writes everything back; a restorer that fails fails the whole, so the next check tries again. */
  async restore(): Promise<Record<string, number>> {
    const restored: Record<string, number> = {};
    for (const [name, restore] of this.restorers) restored[name] = await restore();
    return restored;
  }
}
