import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import type { Server } from 'socket.io';
import { APP_CONFIG, type ResolvedAppConfig } from '../../config/app-config.js';
import { RedisService } from '../../redis/redis.service.js';
import type { ErrorBody } from '../../common/error-body.js';
import { HttpExceptionFilter } from '../../common/http-exception.filter.js';
import { SessionEndHooks, type EndedSessions, type SessionEndHook } from '../../identity/session-end.hooks.js';
import {
  roomChannel,
  sessionChannel,
  userChannel,
  type MessageView,
  type ServerToClientEvents,
} from './socket-events.js';

type EventArgs<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>;

const errors = new HttpExceptionFilter();

/**
 * Sends to connected clients from any process: through the local socket.io server (whose Redis
 * adapter reaches the other API nodes) where this process serves sockets, through a Redis emitter
 * where it does not (a worker replying as a bot). It also closes the sockets of sessions that
 * identity reports ended.
 */
@Injectable()
export class RealtimePublisher implements SessionEndHook, OnModuleInit, OnApplicationShutdown {
  private server: Server<Record<string, never>, ServerToClientEvents> | undefined;
  private emitter: Emitter<ServerToClientEvents> | undefined;
  private emitterConnection: Redis | undefined;
  private createdByRoom = new Map<string, MessageView[]>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly redis: RedisService,
    private readonly sessionEnd: SessionEndHooks,
  ) {}

  onModuleInit(): void {
    this.sessionEnd.register(this);
  }

  onSessionsEnded(ended: EndedSessions): Promise<void> {
    this.endSessions(ended.sessionIds, errors.toBody(ended.reason));
    return Promise.resolve();
  }

  attach(server: Server<Record<string, never>, ServerToClientEvents>): void {
    this.server = server;
  }

  toRoom<E extends keyof ServerToClientEvents>(roomId: string, event: E, ...args: EventArgs<E>): void {
    this.target(roomChannel(roomId)).emit(event, ...args);
  }

  /**
   * A new message, sent with the others of its room announced in the same turn of the event loop
   * (a group commit's messages, whose senders are answered one after another) as one
   * `messages.created`. Fanning each out alone costs a write per subscriber per message, which is
   * what bounds delivery latency under load.
   */
  messageCreated(view: MessageView): void {
    const queued = this.createdByRoom.get(view.roomId);
    if (queued) {
      queued.push(view);
      return;
    }
    if (this.createdByRoom.size === 0) setImmediate(() => this.flushCreated());
    this.createdByRoom.set(view.roomId, [view]);
  }

  private flushCreated(): void {
    const pending = this.createdByRoom;
    this.createdByRoom = new Map();
    for (const [roomId, messages] of pending) {
      messages.sort((x, y) => Number(BigInt(x.seq) - BigInt(y.seq)));
      this.toRoom(roomId, 'messages.created', { roomId, messages });
    }
  }

  toUsers<E extends keyof ServerToClientEvents>(userIds: string[], event: E, ...args: EventArgs<E>): void {
    if (userIds.length === 0) return;
    this.target(userIds.map(userChannel)).emit(event, ...args);
  }

  /** Subscribes the users' open sockets, on every node, to a room's channel (or unsubscribes). */
  join(userIds: string[], roomId: string): void {
    if (userIds.length > 0) this.sockets(userIds).socketsJoin(roomChannel(roomId));
  }

  leave(userIds: string[], roomId: string): void {
    if (userIds.length > 0) this.sockets(userIds).socketsLeave(roomChannel(roomId));
  }

  /**
   * Tells every socket of these sessions, on every node, why they end (`session.expired`) and
   * disconnects them. The event and the disconnect leave on one Redis connection in this order,
   * and each node applies them in the order they arrive, so the reason is there before the close.
   */
  endSessions(sessionIds: string[], error: ErrorBody): void {
    if (sessionIds.length === 0) return;
    const channels = sessionIds.map(sessionChannel);
    this.target(channels).emit('session.expired', error);
    (this.server ? this.server.in(channels) : this.emitterFor().in(channels)).disconnectSockets();
  }

  private target(channel: string | string[]) {
    return this.server ? this.server.to(channel) : this.emitterFor().to(channel);
  }

  private sockets(userIds: string[]) {
    const channels = userIds.map(userChannel);
    return this.server ? this.server.in(channels) : this.emitterFor().in(channels);
  }

  private emitterFor(): Emitter<ServerToClientEvents> {
    if (!this.emitter) {
      this.emitterConnection = this.redis.createConnection();
      this.emitter = new Emitter<ServerToClientEvents>(this.emitterConnection, { key: socketKey(this.config) });
    }
    return this.emitter;
  }

  onApplicationShutdown(): void {
    this.flushCreated();
    // RedisService quits the emitter's connection once what is queued on it has gone out.
  }
}

/** The Redis channel prefix the adapter and the emitter share. */
export function socketKey(config: ResolvedAppConfig): string {
  return `${config.bus.prefix}:socket.io`;
}
