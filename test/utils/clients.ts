import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  MessageView,
  ServerToClientEvents,
} from '../../src/messenger/realtime/socket-events.js';
import { TEST_PASSWORD } from './factories.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A signed-in HTTP client for one user. */
export class ApiClient {
  private constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  static async signIn(baseUrl: string, login: string, password = TEST_PASSWORD): Promise<ApiClient> {
    const res = await fetch(`${baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password }),
    });
    if (res.status !== 200) throw new Error(`sign-in of ${login} failed: ${res.status} ${await res.text()}`);
    return new ApiClient(baseUrl, ((await res.json()) as { accessToken: string }).accessToken);
  }

  async call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    baseUrl = this.baseUrl,
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** A connected socket.io client on this (or another) API node. */
  async socket(baseUrl = this.baseUrl): Promise<ClientSocket> {
    const socket: ClientSocket = io(baseUrl, {
      path: '/socket.io',
      auth: { token: this.token },
      transports: ['websocket'],
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  }
}

/** Collects every event of one name a socket receives. */
export function record<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
): Array<Parameters<ServerToClientEvents[E]>[0]> {
  const seen: Array<Parameters<ServerToClientEvents[E]>[0]> = [];
  socket.on(event as never, ((payload: Parameters<ServerToClientEvents[E]>[0]) => seen.push(payload)) as never);
  return seen;
}

/** The messages a socket is sent, one by one, as `messages.created` delivers them in batches. */
export function recordMessages(socket: ClientSocket): MessageView[] {
  const seen: MessageView[] = [];
  socket.on('messages.created', (event: { messages: MessageView[] }) => seen.push(...event.messages));
  return seen;
}

/** Retries a check (which may be async) until it passes or the time is up. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

export interface CommandOutcome {
  status: string;
  errorCode: string | null;
  reply: string | null;
  ephemeral: boolean;
}

/** Waits until the command sent as this message has run, and returns how it ended. */
export async function commandOutcome(client: ApiClient, messageId: string): Promise<CommandOutcome> {
  let run: CommandOutcome | undefined;
  await eventually(async () => {
    const res = await client.call<CommandOutcome>('GET', `/commands/runs/${messageId}`);
    if (res.status !== 200 || res.body.status === 'running') throw new Error(`command ${messageId} has not run yet`);
    run = res.body;
  }, 10_000);
  if (!run) throw new Error(`no outcome for ${messageId}`);
  return run;
}

/** A body that arrives in 64 KiB pieces, as a slow client's would. */
export function chunked(bytes: Buffer): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + 65_536));
      offset += 65_536;
    },
  });
}

/** Uploads into a room the way a browser streams a large file. */
export async function uploadChunked(
  baseUrl: string,
  client: ApiClient,
  roomId: string,
  name: string,
  bytes: Buffer,
): Promise<{ status: number; body: { id: string; size: number; sha256: string; code?: string } }> {
  const res = await fetch(`${baseUrl}/rooms/${roomId}/files?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/octet-stream' },
    body: chunked(bytes),
    duplex: 'half',
  });
  return {
    status: res.status,
    body: (await res.json()) as { id: string; size: number; sha256: string; code?: string },
  };
}
