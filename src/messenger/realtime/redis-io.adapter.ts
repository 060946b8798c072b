import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server, ServerOptions } from 'socket.io';
import { APP_CONFIG, type ResolvedAppConfig } from '../../config/app-config.js';
import { RedisService } from '../../redis/redis.service.js';
import { socketKey } from './realtime.publisher.js';

/** socket.io over the Redis adapter, so a client of one API node hears what another sends. */
export class RedisIoAdapter extends IoAdapter {
  constructor(private readonly app: INestApplicationContext) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      cors: { origin: false },
      serveClient: false,
    } as ServerOptions);
    const redis = this.app.get(RedisService);
    const config = this.app.get<ResolvedAppConfig>(APP_CONFIG);
    server.adapter(createAdapter(redis.createConnection(), redis.createConnection(), { key: socketKey(config) }));
    return server;
  }
}
