import { ApiError } from './errors';
import type { ErrorBody, Session } from './types';

/**
 * The signed-in state of this tab. The access token lives in memory only; the refresh token in an
 * httpOnly cookie the page cannot read. Tabs refresh one at a time (Web Locks), because refresh
 * tokens rotate and a token presented twice ends the whole session; they tell each other of
 * sign-in and sign-out over a BroadcastChannel.
 */
export type SessionState =
  | { status: 'unknown' }
  | { status: 'signed-out'; reason?: string }
  | { status: 'signed-in'; accessToken: string; expiresAt: number };

type WebSession = Omit<Session, 'refreshToken'>;
type Listener = () => void;

const CLIENT_HEADERS = { 'X-Ieum-Client': 'web', Accept: 'application/json' } as const;
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('ieum-session');

let state: SessionState = { status: 'unknown' };
let refreshing: Promise<SessionState> | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<Listener>();

function set(next: SessionState): void {
  state = next;
  clearTimeout(timer);
  if (next.status === 'signed-in') {
    // Refresh a minute before expiry (or halfway through a very short lifetime).
    const lead = Math.min(60_000, (next.expiresAt - Date.now()) / 2);
    timer = setTimeout(() => void refresh(), Math.max(1_000, next.expiresAt - Date.now() - lead));
  }
  for (const listener of listeners) listener();
}

export const session = {
  get: (): SessionState => state,
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  accessToken: (): string | null => (state.status === 'signed-in' ? state.accessToken : null),
};

async function post(path: string, body: unknown, token?: string): Promise<Response> {
  try {
    return await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        ...CLIENT_HEADERS,
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        'Accept-Language': document.documentElement.lang || 'ko',
      },
      body: JSON.stringify(body),
    });
  } catch {
    throw ApiError.network();
  }
}

function signedIn(answer: WebSession): SessionState {
  return { status: 'signed-in', accessToken: answer.accessToken, expiresAt: Date.now() + answer.expiresIn * 1000 };
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  if (typeof navigator !== 'undefined' && navigator.locks) return navigator.locks.request('ieum-refresh', work);
  return work();
}

/** Trades the cookie for a fresh access token; coalesced within the tab, serialised across tabs. */
export function refresh(): Promise<SessionState> {
  refreshing ??= withLock(async () => {
    const response = await post('/auth/refresh', {});
    if (response.ok) return signedIn((await response.json()) as WebSession);
    if (response.status >= 500)
      throw new ApiError((await response.json().catch(() => null)) ?? ApiError.network().body);
    const body = (await response.json().catch(() => null)) as ErrorBody | null;
    return { status: 'signed-out' as const, reason: body?.code };
  })
    .then(
      (next) => {
        set(next);
        return next;
      },
      (error: unknown) => {
        // The server could not be reached: keep what we have and let the caller retry.
        if (state.status === 'unknown') set({ status: 'signed-out', reason: 'NETWORK' });
        throw error;
      },
    )
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

export async function signIn(login: string, password: string): Promise<void> {
  const response = await post('/auth/login', { login, password });
  if (!response.ok) throw new ApiError((await response.json().catch(() => null)) ?? ApiError.network().body);
  set(signedIn((await response.json()) as WebSession));
  channel?.postMessage('signed-in');
}

/**
 * Ends the session on the server, here and in every other tab. A session begun through single
 * sign-on answers with the provider's end-session address: the caller sends the browser there.
 */
export async function signOut(): Promise<string | undefined> {
  const token = session.accessToken();
  const response = token ? await post('/auth/logout', {}, token).catch(() => undefined) : undefined;
  endLocally('SIGNED_OUT');
  channel?.postMessage('signed-out');
  if (response?.status !== 200) return undefined;
  const body = (await response.json().catch(() => null)) as { endSessionUrl?: unknown } | null;
  return typeof body?.endSessionUrl === 'string' && /^https?:\/\//.test(body.endSessionUrl)
    ? body.endSessionUrl
    : undefined;
}

export interface AuthOptions {
  /** Whether a password is accepted. */
  password: boolean;
  /** Whether single sign-on is set up (GET /auth/sso/start). */
  sso: boolean;
}

/** How people sign in here; read before anyone is signed in. */
export async function authOptions(): Promise<AuthOptions> {
  const response = await fetch('/auth/options', { headers: CLIENT_HEADERS, credentials: 'same-origin' }).catch(() => {
    throw ApiError.network();
  });
  if (!response.ok) throw new ApiError((await response.json().catch(() => null)) ?? ApiError.network().body);
  return (await response.json()) as AuthOptions;
}

/** The server said the session is over (socket `session.expired`, a refused refresh). */
export function endLocally(reason: string): void {
  set({ status: 'signed-out', reason });
}

channel?.addEventListener('message', (event: MessageEvent<string>) => {
  if (event.data === 'signed-out') endLocally('SIGNED_OUT');
  if (event.data === 'signed-in' && state.status !== 'signed-in') void refresh().catch(() => undefined);
});
