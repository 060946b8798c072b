import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/messenger/realtime/socket-events.js';
import { TEST_PASSWORD } from './factories.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A signed-in HTTP client for one user. */
export class ApiClient {
  private constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  static async signIn(baseUrl: string, login: string, password = TEST_PASSWORD): Promise<ApiClient> {
    const res = await fetch(`${baseUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
    if (res.status !== 200) throw new Error(`sign-in of ${login} failed: ${res.status} ${await res.text()}`);
    return new ApiClient(baseUrl, ((await res.json()) as { accessToken: string }).accessToken);
  }

  async call<T = unknown>(method: string, path: string, body?: unknown, baseUrl = this.baseUrl): Promise<{ status: number; body: T }> {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** A connected socket.io client on this (or another) API node. */
  async socket(baseUrl = this.baseUrl): Promise<ClientSocket> {
    const socket: ClientSocket = io(baseUrl, { path: '/socket.io', auth: { token: this.token }, transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  }
}

/** Collects every event of one name a socket receives. */
export function record<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E): Array<Parameters<ServerToClientEvents[E]>[0]> {
  const seen: Array<Parameters<ServerToClientEvents[E]>[0]> = [];
  socket.on(event as never, ((payload: Parameters<ServerToClientEvents[E]>[0]) => seen.push(payload)) as never);
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
