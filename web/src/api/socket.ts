import { io, type Socket } from 'socket.io-client';
import { endLocally, refresh, session } from './session';
import type { ClientToServerEvents, ServerToClientEvents } from './types';

export type IeumSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * One socket per signed-in tab. The token is read at every (re)connect, so a reconnect after a
 * refresh uses the new one. socket.io delivers at most once: features that must not miss events
 * listen for `connect` (which fires again after every reconnect) and fetch what they missed.
 */
export function openSocket(): IeumSocket {
  const socket: IeumSocket = io({
    path: '/socket.io',
    transports: ['websocket'],
    auth: (cb) => cb({ token: session.accessToken() ?? '' }),
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
  });
  socket.on('session.expired', (error) => {
    if (error.code === 'INVALID_TOKEN' || error.code === 'TOKEN_EXPIRED') {
      void refresh().then(
        (next) => next.status === 'signed-in' && socket.connect(),
        () => undefined,
      );
    } else endLocally(error.code);
  });
  socket.on('connect_error', (error) => {
    // Refused at the handshake: usually a token that expired while the tab slept.
    if (error.message === 'UNAUTHENTICATED') {
      void refresh().then(
        (next) => next.status === 'signed-in' && socket.connect(),
        () => undefined,
      );
    }
  });
  return socket;
}
