import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import type { ErrorBody } from '../../common/error-body.js';
import { HttpExceptionFilter } from '../../common/http-exception.filter.js';
import { validatePayload } from '../../common/validate-payload.js';
import { AccessTokenService } from '../../identity/access-token.service.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { IdentityException } from '../../identity/identity.exception.js';
import type { Principal } from '../../identity/identity.types.js';
import { RoomIdDto, SocketChangesDto, SocketMarkReadDto, SocketSendMessageDto } from '../messenger.dto.js';
import { MessageReadService } from '../message-read.service.js';
import { MessageService } from '../message.service.js';
import { MessengerException } from '../messenger.exception.js';
import { RoomRepository } from '../room.repository.js';
import { RoomService } from '../room.service.js';
import { PresenceService } from './presence.service.js';
import { RealtimePublisher } from './realtime.publisher.js';
import {
  roomChannel,
  sessionChannel,
  userChannel,
  type ChangesPage,
  type ClientToServerEvents,
  type MessageView,
  type ServerToClientEvents,
} from './socket-events.js';

interface SocketData {
  principal: Principal;
}
type IeumSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type Reply<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

const errors = new HttpExceptionFilter();

/** The events this gateway handles; listing every key makes a new event a type error until added. */
const CLIENT_EVENTS: Record<keyof ClientToServerEvents, true> = {
  'message.send': true,
  'room.read': true,
  'room.changes': true,
  typing: true,
};

/**
 * The socket.io edge. Clients authenticate on connect with the same access token as HTTP; each
 * socket sits in its user's channel, its session's (closed on sign-out) and one per room it
 * belongs to.
 */
@WebSocketGateway({ path: '/socket.io' })
export class MessengerGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(MessengerGateway.name);
  /** Outside socket.data, which the Redis adapter serialises across nodes. */
  private readonly expiries = new WeakMap<IeumSocket, NodeJS.Timeout>();

  constructor(
    private readonly tokens: AccessTokenService,
    private readonly rooms: RoomService,
    private readonly roomRepository: RoomRepository,
    private readonly messages: MessageService,
    private readonly reads: MessageReadService,
    private readonly realtime: RealtimePublisher,
    private readonly presence: PresenceService,
    private readonly metrics: MetricsService,
  ) {}

  afterInit(server: Server): void {
    this.realtime.attach(server);
    server.use((socket, next) => {
      const auth = socket.handshake.auth as { token?: unknown };
      const token = typeof auth.token === 'string' ? auth.token : undefined;
      if (!token)
        return next(
          Object.assign(new Error('UNAUTHENTICATED'), { data: errors.toBody(IdentityException.unauthenticated()) }),
        );
      this.tokens.verify(token).then(
        (principal) => {
          (socket.data as SocketData).principal = principal;
          // Channels are joined before the client hears `connect`, so a message sent the moment
          // after reaches it; what came before, it fetches with `after`.
          this.subscribe(socket as IeumSocket, principal).then(
            () =>
              // A sign-out between the token check and the join missed this socket (its disconnect
              // went to the session channel before the socket was in it); it is refused here instead.
              this.tokens.assertSessionLive(principal).then(
                () => {
                  this.expireWithToken(socket as IeumSocket, principal);
                  next();
                },
                (error: unknown) => next(Object.assign(new Error('UNAUTHENTICATED'), { data: errors.toBody(error) })),
              ),
            (error: unknown) => {
              this.logger.warn(`socket set-up failed: ${String(error)}`);
              next(Object.assign(new Error('UNAVAILABLE'), { data: errors.toBody(error) }));
            },
          );
        },
        (error: unknown) => next(Object.assign(new Error('UNAUTHENTICATED'), { data: errors.toBody(error) })),
      );
    });
  }

  private async subscribe(socket: IeumSocket, principal: Principal): Promise<void> {
    await this.rooms.syncAgencyMembership(principal);
    const roomIds = await this.roomRepository.roomIdsOf(principal.userId);
    await socket.join([
      userChannel(principal.userId),
      ...(principal.sessionId ? [sessionChannel(principal.sessionId)] : []),
      ...roomIds.map(roomChannel),
    ]);
  }

  /**
   * When the access token expires the server says so (`session.expired`) and disconnects; a
   * client reconnects with a fresh token, and fetches what it missed with `after`.
   */
  private expireWithToken(socket: IeumSocket, principal: Principal): void {
    const delay = Math.max(0, principal.tokenExpiresAt * 1000 - Date.now());
    const timer = setTimeout(() => {
      socket.emit('session.expired', errors.toBody(IdentityException.invalidToken()));
      socket.disconnect();
    }, delay);
    timer.unref();
    this.expiries.set(socket, timer);
  }

  async handleConnection(socket: IeumSocket): Promise<void> {
    this.metrics.socketConnected();
    // An event nothing handles would leave a client's ack waiting for ever: it is told instead.
    socket.use(([event, ...args], next) => {
      if (typeof event === 'string' && Object.hasOwn(CLIENT_EVENTS, event)) return next();
      const ack: unknown = args.at(-1);
      if (typeof ack === 'function')
        (ack as (reply: Reply<never>) => void)({
          ok: false,
          error: errors.toBody(MessengerException.unknownSocketEvent()),
        });
    });
    await this.presence
      .connected(socket.data.principal.userId, socket.id)
      .catch((error: unknown) => this.logger.warn(`presence not recorded: ${String(error)}`));
  }

  async handleDisconnect(socket: IeumSocket): Promise<void> {
    clearTimeout(this.expiries.get(socket));
    this.metrics.socketDisconnected();
    const principal = socket.data.principal as Principal | undefined;
    if (principal)
      await this.presence
        .disconnected(principal.userId, socket.id)
        .catch((error: unknown) => this.logger.warn(`presence not cleared: ${String(error)}`));
  }

  /** Acknowledged only after the message is committed; a retried send returns the same message. */
  @SubscribeMessage('message.send')
  async send(@ConnectedSocket() socket: IeumSocket, @MessageBody() payload: unknown): Promise<Reply<MessageView>> {
    return this.reply(async () => {
      const input = await validatePayload(SocketSendMessageDto, payload);
      return this.metrics.timeSend('socket', this.messages.send(socket.data.principal, input));
    });
  }

  @SubscribeMessage('room.read')
  async read(
    @ConnectedSocket() socket: IeumSocket,
    @MessageBody() payload: unknown,
  ): Promise<Reply<{ lastReadSeq: string }>> {
    return this.reply(async () => {
      const input = await validatePayload(SocketMarkReadDto, payload);
      return { lastReadSeq: await this.reads.markRead(socket.data.principal, input.roomId, input.seq) };
    });
  }

  /** The room's change feed after a number, for a client that reconnected (authorised like GET /rooms/:id/changes). */
  @SubscribeMessage('room.changes')
  async changes(@ConnectedSocket() socket: IeumSocket, @MessageBody() payload: unknown): Promise<Reply<ChangesPage>> {
    return this.reply(async () => {
      const input = await validatePayload(SocketChangesDto, payload);
      return this.reads.changes(socket.data.principal, input.roomId, { after: input.after, limit: input.limit });
    });
  }

  /**
   * Fire and forget for the web client; a client that passes an ack hears why a payload was
   * refused, as with the other events, instead of waiting for an answer that never comes.
   */
  @SubscribeMessage('typing')
  async typing(@ConnectedSocket() socket: IeumSocket, @MessageBody() payload: unknown): Promise<Reply<null>> {
    return this.reply(async () => {
      const input = await validatePayload(RoomIdDto, payload);
      // The socket's channels are the rooms it may see: any other room is one it cannot know of.
      if (!socket.rooms.has(roomChannel(input.roomId))) throw MessengerException.roomNotFound();
      socket
        .to(roomChannel(input.roomId))
        .emit('typing', { roomId: input.roomId, userId: socket.data.principal.userId });
      return null;
    });
  }

  private async reply<T>(work: () => Promise<T>): Promise<Reply<T>> {
    try {
      return { ok: true, data: await work() };
    } catch (error) {
      return { ok: false, error: errors.toBody(error) };
    }
  }
}
