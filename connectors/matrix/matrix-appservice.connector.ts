import { Logger } from '@nestjs/common';
import {
  ConnectionError,
  createClient,
  HTTPError,
  MatrixError,
  Method,
  type ICreateClientOpts,
  type MatrixClient,
} from 'matrix-js-sdk';

type SdkLogger = NonNullable<ICreateClientOpts['logger']>;
import { timingSafeEqual } from 'node:crypto';
import {
  MatrixRequestError,
  type MatrixHomeserver,
  type MatrixMediaDownload,
  type MatrixMediaUpload,
} from '../../src/bus/capabilities/matrix-homeserver.js';
import { MatrixMediaClient } from './matrix-media.js';

type QueryDict = Record<string, string>;

/** What the application service is configured with, checked on construction; the tokens never print. */
export class MatrixCredentials {
  readonly homeserverUrl: string;
  readonly serverName: string;
  readonly userPrefix: string;
  readonly #asToken: string;
  readonly #hsToken: string;

  constructor(input: {
    homeserverUrl: string;
    serverName: string;
    asToken: string;
    hsToken: string;
    userPrefix: string;
  }) {
    if (!/^https?:\/\/[^\s/]+/.test(input.homeserverUrl))
      throw new Error('MATRIX_HOMESERVER_URL must be an http(s) URL');
    if (!/^[a-z0-9._=-]{1,32}$/.test(input.userPrefix))
      throw new Error('MATRIX_USER_PREFIX may hold lower-case letters, digits and . _ = - only');
    // The tokens are checked for length only and never put into a message.
    if (input.asToken.length < 32 || input.hsToken.length < 32)
      throw new Error('MATRIX_AS_TOKEN and MATRIX_HS_TOKEN must be at least 32 characters');
    this.homeserverUrl = input.homeserverUrl.replace(/\/+$/, '');
    this.serverName = input.serverName.toLowerCase();
    this.userPrefix = input.userPrefix;
    this.#asToken = input.asToken;
    this.#hsToken = input.hsToken;
  }

  get asToken(): string {
    return this.#asToken;
  }

  /** Whether a request carries the homeserver's token; compared in constant time. */
  isHomeserverToken(given: string): boolean {
    const a = Buffer.from(given);
    const b = Buffer.from(this.#hsToken);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  toJSON(): Record<string, unknown> {
    return {
      homeserverUrl: this.homeserverUrl,
      serverName: this.serverName,
      userPrefix: this.userPrefix,
      asToken: '[redacted]',
      hsToken: '[redacted]',
    };
  }
}

/**
 * A homeserver reached as an application service, through matrix-js-sdk's HTTP layer: every
 * request carries the as_token, and acts as a puppet through the `user_id` query assertion.
 * Failures come out as MatrixRequestError, sorted into what time fixes (unavailable, rate-limited)
 * and what it does not (refused).
 */
export class MatrixAppServiceConnector implements MatrixHomeserver {
  readonly serverName: string;
  readonly botUserId: string;
  private readonly client: MatrixClient;
  private readonly own: RegExp;
  private readonly media: MatrixMediaClient;

  constructor(
    private readonly credentials: MatrixCredentials,
    options: { timeoutMs?: number } = {},
  ) {
    this.serverName = credentials.serverName;
    this.botUserId = `@${credentials.userPrefix}bridge:${credentials.serverName}`;
    this.own = new RegExp(`^@${escapeRegExp(credentials.userPrefix)}[^:]*:${escapeRegExp(credentials.serverName)}$`);
    this.client = createClient({
      baseUrl: credentials.homeserverUrl,
      accessToken: credentials.asToken,
      userId: this.botUserId,
      localTimeoutMs: options.timeoutMs ?? 15_000,
      logger: sdkLogger(new Logger('matrix-js-sdk')),
    });
    // Files take longer than events: a minute at least.
    this.media = new MatrixMediaClient(
      credentials.homeserverUrl,
      () => credentials.asToken,
      Math.max(options.timeoutMs ?? 15_000, 60_000),
    );
  }

  isOwnUser(userId: string): boolean {
    return this.own.test(userId);
  }

  puppetUserId(ieumUserId: string): string {
    return `@${this.credentials.userPrefix}${ieumUserId.toLowerCase()}:${this.serverName}`;
  }

  async ensurePuppet(userId: string, displayName: string): Promise<void> {
    const localpart = userId.slice(1, userId.indexOf(':'));
    try {
      await this.request(Method.Post, '/register', undefined, {
        type: 'm.login.application_service',
        username: localpart,
        inhibit_login: true,
      });
    } catch (error) {
      // Registered before (by an earlier attempt, or another worker): that is what we wanted.
      if (!(error instanceof MatrixRequestError && error.errcode === 'M_USER_IN_USE')) throw error;
    }
    await this.request(
      Method.Put,
      `/profile/${encodeURIComponent(userId)}/displayname`,
      { user_id: userId },
      { displayname: displayName },
    );
  }

  async join(userId: string | null, roomIdOrAlias: string): Promise<string> {
    const answer = await this.request<{ room_id: string }>(
      Method.Post,
      `/join/${encodeURIComponent(roomIdOrAlias)}`,
      userId ? { user_id: userId } : undefined,
      {},
    );
    return answer.room_id;
  }

  async invite(roomId: string, userId: string): Promise<void> {
    await this.request(Method.Post, `/rooms/${encodeURIComponent(roomId)}/invite`, undefined, { user_id: userId });
  }

  async resolveAlias(alias: string): Promise<string | null> {
    try {
      return (await this.request<{ room_id: string }>(Method.Get, `/directory/room/${encodeURIComponent(alias)}`))
        .room_id;
    } catch (error) {
      if (error instanceof MatrixRequestError && error.errcode === 'M_NOT_FOUND') return null;
      throw error;
    }
  }

  async send(
    userId: string,
    roomId: string,
    type: string,
    content: Record<string, unknown>,
    txnId: string,
  ): Promise<string> {
    const path = `/rooms/${encodeURIComponent(roomId)}/send/${encodeURIComponent(type)}/${encodeURIComponent(txnId)}`;
    return (await this.request<{ event_id: string }>(Method.Put, path, { user_id: userId }, content)).event_id;
  }

  async redact(userId: string, roomId: string, eventId: string, txnId: string): Promise<string> {
    const path = `/rooms/${encodeURIComponent(roomId)}/redact/${encodeURIComponent(eventId)}/${encodeURIComponent(txnId)}`;
    return (await this.request<{ event_id: string }>(Method.Put, path, { user_id: userId }, {})).event_id;
  }

  async uploadMedia(userId: string, media: MatrixMediaUpload): Promise<string> {
    return this.media.upload(userId, media);
  }

  async downloadMedia(mxcUri: string, maxBytes: number): Promise<MatrixMediaDownload> {
    return this.media.download(mxcUri, maxBytes);
  }

  async displayName(userId: string): Promise<string | null> {
    try {
      const answer = await this.request<{ displayname?: unknown }>(
        Method.Get,
        `/profile/${encodeURIComponent(userId)}/displayname`,
      );
      return typeof answer.displayname === 'string' && answer.displayname.trim() !== '' ? answer.displayname : null;
    } catch (error) {
      if (error instanceof MatrixRequestError && error.kind === 'refused') return null;
      throw error;
    }
  }

  async checkConnection(): Promise<{ ok: boolean; detail: string }> {
    try {
      const versions = await this.client.http.request<{ versions?: string[] }>(
        Method.Get,
        '/versions',
        undefined,
        undefined,
        { prefix: '/_matrix/client', priority: 'auto' },
      );
      return {
        ok: true,
        detail: `homeserver at ${this.credentials.homeserverUrl} answered (spec ${(versions.versions ?? []).slice(-1)[0] ?? 'unknown'})`,
      };
    } catch (error) {
      return {
        ok: false,
        detail: `homeserver at ${this.credentials.homeserverUrl} unreachable: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }

  private async request<T = Record<string, unknown>>(
    method: Method,
    path: string,
    query?: QueryDict,
    body?: Record<string, unknown>,
  ): Promise<T> {
    try {
      return await this.client.http.authedRequest<T>(method, path, query, body);
    } catch (error) {
      throw classify(error);
    }
  }
}

/** Sorts what matrix-js-sdk threw into what the bridge does about it. */
export function classify(error: unknown): MatrixRequestError {
  if (error instanceof MatrixRequestError) return error;
  if (error instanceof MatrixError) {
    const status = error.httpStatus ?? 0;
    const errcode = error.errcode ?? null;
    if (error.isRateLimitError())
      return new MatrixRequestError(
        'rate-limited',
        `${errcode ?? 'M_LIMIT_EXCEEDED'}: ${error.data.error ?? 'rate limited'}`,
        errcode,
        safeRetryAfter(error),
      );
    return new MatrixRequestError(
      status >= 500 || status === 0 ? 'unavailable' : 'refused',
      `${status} ${errcode ?? ''}: ${error.data.error ?? error.message}`.trim(),
      errcode,
    );
  }
  if (error instanceof HTTPError) {
    const status = error.httpStatus ?? 0;
    if (error.isRateLimitError())
      return new MatrixRequestError('rate-limited', `${status}: rate limited`, null, safeRetryAfter(error));
    return new MatrixRequestError(
      status >= 500 || status === 0 ? 'unavailable' : 'refused',
      `${status}: ${error.message}`,
    );
  }
  if (error instanceof ConnectionError) return new MatrixRequestError('unavailable', `no answer: ${error.message}`);
  return new MatrixRequestError('unavailable', error instanceof Error ? error.message : String(error));
}

function safeRetryAfter(error: HTTPError): number | null {
  try {
    return error.getRetryAfterMs();
  } catch {
    return null;
  }
}

/** matrix-js-sdk logs every request at debug level: into the application's log, at the application's level. */
function sdkLogger(logger: Logger): SdkLogger {
  const text = (parts: unknown[]) =>
    parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' ');
  const adapter: SdkLogger = {
    trace: (...msg: unknown[]) => logger.verbose(text(msg)),
    debug: (...msg: unknown[]) => logger.debug(text(msg)),
    info: (...msg: unknown[]) => logger.log(text(msg)),
    warn: (...msg: unknown[]) => logger.warn(text(msg)),
    error: (...msg: unknown[]) => logger.error(text(msg)),
    getChild: () => adapter,
  };
  return adapter;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
