import { io, type Socket } from 'socket.io-client';

export async function connect(url: string, token: string): Promise<Socket> {
  const socket = io(url, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Connects in groups, so a few hundred sockets do not all handshake in the same millisecond. */
export async function connectAll(url: string, tokens: readonly string[], group = 25): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < tokens.length; i += group)
    sockets.push(...(await Promise.all(tokens.slice(i, i + group).map((t) => connect(url, t)))));
  return sockets;
}

/**
 * Calls `on(clientMessageId)` for each message a socket hears, whether it came alone
 * (`message.created`) or in a batch (`messages.created`, as Ieum and the batching relay send).
 */
export function onMessages(
  socket: Socket,
  on: (message: { clientMessageId?: string | null; body?: string }) => void,
): void {
  socket.on(
    'messages.created',
    ({ messages }: { messages: Array<{ clientMessageId?: string | null; body?: string }> }) => messages.forEach(on),
  );
  socket.on('message.created', on);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
