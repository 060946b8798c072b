import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';

export type EvictionPolicy = { policy: string } | { unknown: string };

/** The shared command connection, and fresh blocking connections for BullMQ workers. */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  readonly client: Redis;
  private readonly extra = new Set<Redis>();
  private readonly logger = new Logger(RedisService.name);
  private lastError: string | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: ResolvedAppConfig) {
    this.client = this.watched(new Redis(config.redis.url, { lazyConnect: false, maxRetriesPerRequest: 3 }));
  }

  /**
   * A connection's errors (Redis gone, a socket closed under a quit) are logged once each, not
   * thrown as an unhandled 'error' event; commands in flight fail to their callers as before.
   */
  private watched(connection: Redis): Redis {
    connection.on('error', (error: Error) => {
      if (error.message === this.lastError) return;
      this.lastError = error.message;
      this.logger.warn(`redis: ${error.message}`);
    });
    connection.on('ready', () => (this.lastError = undefined));
    return connection;
  }

  /** A key in Ieum's own namespace, so several deployments can share one Redis. */
  key(...parts: string[]): string {
    return [this.config.bus.prefix, ...parts].join(':');
  }

  /** BullMQ wants maxRetriesPerRequest null on the connections its workers block on. */
  createConnection(options: RedisOptions = {}): Redis {
    const connection = this.watched(new Redis(this.config.redis.url, { maxRetriesPerRequest: null, ...options }));
    this.extra.add(connection);
    connection.once('end', () => this.extra.delete(connection));
    return connection;
  }

  /** Redis's maxmemory-policy, or why it could not be read (managed Redis often refuses CONFIG). */
  async evictionPolicy(): Promise<EvictionPolicy> {
    try {
      const reply: unknown = await this.client.config('GET', 'maxmemory-policy');
      const policy: unknown = Array.isArray(reply) ? (reply as unknown[])[1] : undefined;
      return typeof policy === 'string' ? { policy } : { unknown: 'CONFIG GET maxmemory-policy gave no answer' };
    } catch (error) {
      return { unknown: error instanceof Error ? error.message : String(error) };
    }
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.extra].map(async (c) => quitWhenSent(c)));
    await quitWhenSent(this.client).catch(() => undefined);
  }
}

/**
 * Quits once what is queued has gone out: a connection still connecting holds the commands given
 * to it meanwhile (an event published just before shutdown), and quitting then would fail them
 * with nobody to catch the error. Waits at most 5 s for it to be ready.
 */
async function quitWhenSent(connection: Redis): Promise<void> {
  if (connection.status === 'connecting' || connection.status === 'connect' || connection.status === 'reconnecting') {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5000);
      connection.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  await connection.quit();
}
