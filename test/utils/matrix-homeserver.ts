import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A homeserver stand-in for tests, over real HTTP. No homeserver can be installed here, so this
 * implements exactly what the bridge uses, following the Matrix spec (v1.12):
 *
 * - client-server API, as an application service (`Authorization: Bearer <as_token>`, acting as a
 *   user through the `user_id` query assertion): `POST /register` (m.login.application_service),
 *   `GET`/`PUT /profile/{userId}/displayname`, `POST /join/{roomIdOrAlias}`,
 *   `GET /directory/room/{alias}`, `PUT /rooms/{roomId}/send/{type}/{txnId}` and
 *   `PUT /rooms/{roomId}/redact/{eventId}/{txnId}` (both idempotent by txnId per access token and
 *   user; an `m.reaction` must be an `m.annotation` of an event in the room, and the same key from
 *   the same user on the same event twice is 400 M_DUPLICATE_ANNOTATION), `GET /versions`;
 * - the content repository: `POST /_matrix/media/v3/upload` (as the asserted user; over the
 *   configured size 413 M_TOO_LARGE) answering an `mxc://` URI, `GET /_matrix/client/v1/media/config`,
 *   and the authenticated download `GET /_matrix/client/v1/media/download/{serverName}/{mediaId}`
 *   (spec v1.11; without a token 401 M_MISSING_TOKEN, unknown media 404 M_NOT_FOUND). The
 *   unauthenticated `/_matrix/media/v3/download` answers 404 M_NOT_FOUND, as a homeserver that has
 *   frozen it does for new media; errors as `{errcode, error}` with the spec's codes (M_MISSING_TOKEN,
 *   M_UNKNOWN_TOKEN, M_FORBIDDEN, M_EXCLUSIVE, M_USER_IN_USE, M_INVALID_USERNAME, M_NOT_FOUND,
 *   M_NOT_JSON, M_BAD_JSON, M_UNRECOGNIZED), and rate limiting as 429 M_LIMIT_EXCEEDED with
 *   `retry_after_ms` and a Retry-After header;
 * - application-service API, the other way: events in rooms where one of the service's users is
 *   joined are pushed as `PUT {url}/_matrix/app/v1/transactions/{txnId}` with the hs_token, one
 *   transaction at a time, the same transaction sent again until it is answered 200.
 *
 * Matrix people are driven through methods (`say`, `edit`, `redact`, `react`, `sendFile`), not over HTTP. `stop()`
 * closes the listener (the homeserver is down), `start()` opens it again on the same port.
 */
export interface StandInEvent {
  event_id: string;
  room_id: string;
  sender: string;
  type: string;
  content: Record<string, unknown>;
  origin_server_ts: number;
  state_key?: string;
  redacts?: string;
  unsigned?: Record<string, unknown>;
}

interface Room {
  id: string;
  aliases: Set<string>;
  members: Set<string>;
  /** join_rule invite: only those invited may join. */
  inviteOnly: boolean;
  invited: Set<string>;
  events: StandInEvent[];
}

export interface StandInOptions {
  serverName: string;
  asToken: string;
  hsToken: string;
  /** The application service's namespace prefix and its own user's localpart. */
  userPrefix: string;
  senderLocalpart: string;
}

class MatrixError extends Error {
  constructor(
    readonly status: number,
    readonly errcode: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export class MatrixHomeserverStandIn {
  private server: Server | undefined;
  private port = 0;
  private readonly users = new Map<string, { displayName: string | null; appservice: boolean }>();
  private readonly rooms = new Map<string, Room>();
  private readonly aliases = new Map<string, string>();
  /** (access token, user, txnId) → event id: a retried send is the same event. */
  private readonly txns = new Map<string, string>();
  private readonly namespace: RegExp;
  private counter = 0;
  /** Events waiting to be pushed to the application service, and the transaction being pushed. */
  private pending: StandInEvent[] = [];
  private inFlight: { txnId: string; events: StandInEvent[] } | null = null;
  private pushing: Promise<void> | null = null;
  private txnCounter = 0;
  /** Everything pushed and answered 200, by transaction id. */
  readonly delivered: Array<{ txnId: string; events: StandInEvent[] }> = [];
  /** Send and redact requests by outcome, to measure and to assert rate limiting happened. */
  readonly stats = { sends: 0, limited: 0, accepted: 0 };
  private limit: { remaining: number; retryAfterMs: number; every: number } | null = null;
  /** The content repository: media id → bytes, type and name; uploads over `maxUploadBytes` are refused. */
  private readonly media = new Map<
    string,
    { bytes: Buffer; contentType: string; name: string | null; uploader: string }
  >();
  maxUploadBytes = 10 * 1024 * 1024;
  /** Rooms whose sends fail as a room on an unreachable server does (502 M_UNKNOWN), while the rest of the homeserver answers. */
  private readonly broken = new Set<string>();
  appServiceUrl: string | undefined;

  constructor(readonly options: StandInOptions) {
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.namespace = new RegExp(`^@${escape(options.userPrefix)}.*:${escape(options.serverName)}$`);
    this.users.set(this.botUserId, { displayName: null, appservice: true });
  }

  static async start(options: Partial<StandInOptions> = {}): Promise<MatrixHomeserverStandIn> {
    const standIn = new MatrixHomeserverStandIn({
      serverName: options.serverName ?? 'hs.test',
      asToken: options.asToken ?? randomBytes(24).toString('hex'),
      hsToken: options.hsToken ?? randomBytes(24).toString('hex'),
      userPrefix: options.userPrefix ?? 'ieum_',
      senderLocalpart: options.senderLocalpart ?? `${options.userPrefix ?? 'ieum_'}bridge`,
    });
    await standIn.listen();
    return standIn;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get botUserId(): string {
    return `@${this.options.senderLocalpart}:${this.options.serverName}`;
  }

  get up(): boolean {
    return this.server !== undefined;
  }

  async listen(): Promise<void> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) =>
        answer(response, 500, { errcode: 'M_UNKNOWN', error: String(error) }),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** The homeserver goes down: nothing answers on its port until `start()`. Pushing to the bridge stops too. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async start(): Promise<void> {
    if (!this.server) await this.listen();
    this.kickPush();
  }

  async close(): Promise<void> {
    await this.stop();
    await this.pushing;
  }

  /** The next `count` send and redact requests (every `every`-th of them) are refused with M_LIMIT_EXCEEDED. */
  rateLimit(count: number, retryAfterMs: number, every = 1): void {
    this.limit = { remaining: count, retryAfterMs, every };
  }

  /** Sends into this room fail (502) until `mendRoom`; other rooms are not affected. */
  breakRoom(roomId: string): void {
    this.broken.add(roomId);
  }

  mendRoom(roomId: string): void {
    this.broken.delete(roomId);
  }

  // ---- the Matrix side, driven by the test ----

  registerLocalUser(localpart: string, displayName: string): string {
    const userId = `@${localpart}:${this.options.serverName}`;
    this.users.set(userId, { displayName, appservice: false });
    return userId;
  }

  createRoom(
    aliasLocalpart: string,
    creator: string,
    options: { inviteOnly?: boolean } = {},
  ): { roomId: string; alias: string } {
    const roomId = `!${randomBytes(9).toString('base64url')}:${this.options.serverName}`;
    const alias = `#${aliasLocalpart}:${this.options.serverName}`;
    this.rooms.set(roomId, {
      id: roomId,
      aliases: new Set([alias]),
      members: new Set(),
      events: [],
      inviteOnly: options.inviteOnly ?? false,
      invited: new Set(),
    });
    this.aliases.set(alias, roomId);
    this.joinRoom(creator, roomId);
    return { roomId, alias };
  }

  say(userId: string, roomId: string, text: string, html?: string, threadRoot?: string): string {
    return this.append(roomId, userId, 'm.room.message', {
      msgtype: 'm.text',
      body: text,
      ...(html ? { format: 'org.matrix.custom.html', formatted_body: html } : {}),
      ...(threadRoot
        ? {
            'm.relates_to': {
              rel_type: 'm.thread',
              event_id: threadRoot,
              is_falling_back: true,
              'm.in_reply_to': { event_id: threadRoot },
            },
          }
        : {}),
    });
  }

  edit(userId: string, roomId: string, eventId: string, text: string): string {
    return this.append(roomId, userId, 'm.room.message', {
      msgtype: 'm.text',
      body: `* ${text}`,
      'm.new_content': { msgtype: 'm.text', body: text },
      'm.relates_to': { rel_type: 'm.replace', event_id: eventId },
    });
  }

  /** A member invites someone (the bridge's user, into an invite-only room). */
  invite(inviter: string, roomId: string, userId: string): void {
    const room = this.room(roomId);
    if (!room.members.has(inviter)) throw new Error(`${inviter} is not in ${roomId}`);
    room.invited.add(userId);
    this.append(roomId, inviter, 'm.room.member', { membership: 'invite' }, userId);
  }

  /** A Matrix person's upload: answers its mxc:// URI. */
  upload(userId: string, bytes: Buffer, contentType: string, name: string | null): string {
    const mediaId = randomBytes(12).toString('base64url');
    this.media.set(mediaId, { bytes, contentType, name, uploader: userId });
    return `mxc://${this.options.serverName}/${mediaId}`;
  }

  /** An m.file or m.image event pointing at media; `size` is what the event declares (a liar may declare less). */
  sendFile(
    userId: string,
    roomId: string,
    input: { mxcUri: string; name: string; msgtype: 'm.file' | 'm.image'; mimetype: string; size: number },
  ): string {
    return this.append(roomId, userId, 'm.room.message', {
      msgtype: input.msgtype,
      body: input.name,
      filename: input.name,
      url: input.mxcUri,
      info: { mimetype: input.mimetype, size: input.size },
    });
  }

  react(userId: string, roomId: string, eventId: string, key: string): string {
    const content = { 'm.relates_to': { rel_type: 'm.annotation', event_id: eventId, key } };
    this.checkEvent(this.room(roomId), userId, 'm.reaction', content);
    return this.append(roomId, userId, 'm.reaction', content);
  }

  /** Text that mentions users the spec's way: `m.mentions.user_ids`, with pills in the HTML. */
  mention(userId: string, roomId: string, text: string, mentioned: Array<{ userId: string; name: string }>): string {
    const html = mentioned.reduce(
      (h, m) => h.replace(m.name, `<a href="https://matrix.to/#/${m.userId}">${m.name}</a>`),
      text,
    );
    return this.append(roomId, userId, 'm.room.message', {
      msgtype: 'm.text',
      body: text,
      format: 'org.matrix.custom.html',
      formatted_body: html,
      'm.mentions': { user_ids: mentioned.map((m) => m.userId) },
    });
  }

  /** The bytes behind an mxc:// URI, as a client would download them. */
  mediaOf(mxcUri: string): { bytes: Buffer; contentType: string; name: string | null; uploader: string } | null {
    const match = /^mxc:\/\/([^/]+)\/(.+)$/.exec(mxcUri);
    return match?.[1] === this.options.serverName && match[2] ? (this.media.get(match[2]) ?? null) : null;
  }

  /** The room's reactions still standing (not redacted). */
  reactions(roomId: string): Array<{ eventId: string; sender: string; target: string; key: string }> {
    return this.room(roomId)
      .events.filter((e) => e.type === 'm.reaction' && !e.unsigned?.redacted_because)
      .map((e) => {
        const rel = e.content['m.relates_to'] as { event_id: string; key: string };
        return { eventId: e.event_id, sender: e.sender, target: rel.event_id, key: rel.key };
      });
  }

  redact(userId: string, roomId: string, eventId: string): string {
    return this.redactEvent(userId, this.room(roomId), eventId);
  }

  /** The room's messages as a client shows them: edits applied, redacted ones and edit events left out, in order. */
  visibleMessages(roomId: string): Array<{
    eventId: string;
    sender: string;
    body: string;
    html: string | null;
    thread: string | null;
    msgtype: string;
    url: string | null;
    mentions: string[];
  }> {
    const room = this.room(roomId);
    const edits = new Map<string, Record<string, unknown>>();
    for (const e of room.events) {
      const rel = e.content['m.relates_to'] as { rel_type?: string; event_id?: string } | undefined;
      if (e.type === 'm.room.message' && rel?.rel_type === 'm.replace' && rel.event_id && e.content['m.new_content'])
        edits.set(rel.event_id, e.content['m.new_content'] as Record<string, unknown>);
    }
    return room.events
      .filter(
        (e) =>
          e.type === 'm.room.message' &&
          (e.content['m.relates_to'] as { rel_type?: string } | undefined)?.rel_type !== 'm.replace' &&
          !e.unsigned?.redacted_because,
      )
      .map((e) => {
        const content = edits.get(e.event_id) ?? e.content;
        const rel = e.content['m.relates_to'] as { rel_type?: string; event_id?: string } | undefined;
        const mentions = (content['m.mentions'] as { user_ids?: string[] } | undefined)?.user_ids ?? [];
        return {
          eventId: e.event_id,
          sender: e.sender,
          body: String(content.body),
          html: typeof content.formatted_body === 'string' ? content.formatted_body : null,
          thread: rel?.rel_type === 'm.thread' ? (rel.event_id ?? null) : null,
          msgtype: String(content.msgtype),
          url: typeof content.url === 'string' ? content.url : null,
          mentions,
        };
      });
  }

  events(roomId: string): StandInEvent[] {
    return [...this.room(roomId).events];
  }

  displayNameOf(userId: string): string | null {
    return this.users.get(userId)?.displayName ?? null;
  }

  isMember(roomId: string, userId: string): boolean {
    return this.room(roomId).members.has(userId);
  }

  /** Resolves once every event so far has been pushed and answered 200. */
  async flush(): Promise<void> {
    while (this.pending.length > 0 || this.inFlight || this.pushing) {
      this.kickPush();
      await this.pushing;
    }
  }

  /** Pushes a transaction that was already answered 200 again, as a homeserver does after a restart; answers the status. */
  async replay(txnId: string, events?: StandInEvent[]): Promise<number> {
    const earlier = this.delivered.find((d) => d.txnId === txnId);
    return this.pushOnce(txnId, events ?? earlier?.events ?? []);
  }

  /** A raw push with a chosen token, for the authentication checks. */
  async pushRaw(
    txnId: string,
    body: unknown,
    token: string | null,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(
      `${this.appServiceUrl ?? ''}/_matrix/app/v1/transactions/${encodeURIComponent(txnId)}`,
      {
        method: 'PUT',
        headers: {
          'content-type': 'application/json',
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        },
        body: JSON.stringify(body),
      },
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  // ---- the HTTP side ----

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const path = url.pathname;
    try {
      if (request.method === 'GET' && path === '/_matrix/client/versions')
        return answer(response, 200, { versions: ['v1.11', 'v1.12'] });
      if (path.startsWith('/_matrix/media/') || path.startsWith('/_matrix/client/v1/media/'))
        return await this.handleMedia(request, response, url);
      const prefix = '/_matrix/client/v3';
      if (!path.startsWith(prefix)) throw new MatrixError(404, 'M_UNRECOGNIZED', 'Unrecognized request');
      const token = this.token(request, url);
      const body = await readJson(request);
      const parts = path.slice(prefix.length).split('/').slice(1).map(decodeURIComponent);
      const route = `${request.method ?? ''} /${parts[0] ?? ''}`;
      if (route === 'POST /register') return answer(response, 200, this.register(body));
      const actor = this.actor(url);
      switch (route) {
        case 'GET /profile':
          if (parts[2] !== 'displayname' || !parts[1]) break;
          return answer(response, 200, this.getDisplayName(parts[1]));
        case 'PUT /profile': {
          if (parts[2] !== 'displayname' || !parts[1]) break;
          if (parts[1] !== actor) throw new MatrixError(403, 'M_FORBIDDEN', 'Cannot set another user’s display name');
          const name = body.displayname;
          if (typeof name !== 'string') throw new MatrixError(400, 'M_BAD_JSON', 'displayname must be a string');
          this.userRecord(actor).displayName = name;
          return answer(response, 200, {});
        }
        case 'POST /join': {
          const target = parts[1] ?? '';
          const roomId = target.startsWith('#') ? this.aliases.get(target) : target;
          const room = roomId ? this.rooms.get(roomId) : undefined;
          if (!roomId || !room) throw new MatrixError(404, 'M_NOT_FOUND', 'No known servers / unknown room');
          if (room.inviteOnly && !room.members.has(actor) && !room.invited.has(actor))
            throw new MatrixError(403, 'M_FORBIDDEN', 'You are not invited to this room.');
          this.joinRoom(actor, roomId);
          return answer(response, 200, { room_id: roomId });
        }
        case 'GET /directory': {
          if (parts[1] !== 'room' || !parts[2]) break;
          const roomId = this.aliases.get(parts[2]);
          if (!roomId) throw new MatrixError(404, 'M_NOT_FOUND', `Room alias ${parts[2]} not found`);
          return answer(response, 200, { room_id: roomId, servers: [this.options.serverName] });
        }
        case 'POST /rooms': {
          const [, roomId, verb] = parts;
          if (!roomId || verb !== 'invite') break;
          const room = this.room(roomId, true);
          const target = body.user_id;
          if (typeof target !== 'string') throw new MatrixError(400, 'M_BAD_JSON', 'user_id must be a string');
          if (!room.members.has(actor))
            throw new MatrixError(403, 'M_FORBIDDEN', `User ${actor} not in room ${roomId}`);
          if (room.members.has(target)) throw new MatrixError(403, 'M_FORBIDDEN', `${target} is already in the room`);
          this.invite(actor, roomId, target);
          return answer(response, 200, {});
        }
        case 'PUT /rooms': {
          const [, roomId, verb, a, b] = parts;
          if (!roomId || !a || !b || (verb !== 'send' && verb !== 'redact')) break;
          this.stats.sends++;
          if (this.broken.has(roomId)) throw new MatrixError(502, 'M_UNKNOWN', `The room's servers cannot be reached`);
          this.checkRateLimit();
          const room = this.room(roomId, true);
          if (!room.members.has(actor))
            throw new MatrixError(403, 'M_FORBIDDEN', `User ${actor} not in room ${roomId}`);
          const key = `${token}|${actor}|${b}`;
          const earlier = this.txns.get(key);
          if (earlier) return answer(response, 200, { event_id: earlier });
          if (verb === 'send') this.checkEvent(room, actor, a, body);
          const eventId = verb === 'send' ? this.append(roomId, actor, a, body) : this.redactEvent(actor, room, a);
          this.txns.set(key, eventId);
          this.stats.accepted++;
          return answer(response, 200, { event_id: eventId });
        }
        default:
          break;
      }
      throw new MatrixError(404, 'M_UNRECOGNIZED', 'Unrecognized request');
    } catch (error) {
      if (!(error instanceof MatrixError)) throw error;
      if (error.errcode === 'M_LIMIT_EXCEEDED')
        response.setHeader('Retry-After', String(Math.ceil(Number(error.extra.retry_after_ms) / 1000)));
      answer(response, error.status, { errcode: error.errcode, error: error.message, ...error.extra });
    }
  }

  /** The content repository: upload as the asserted user, the media config, and the authenticated download. */
  private async handleMedia(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    if (request.method === 'GET' && path.startsWith('/_matrix/media/v3/download/')) {
      request.resume();
      throw new MatrixError(
        404,
        'M_NOT_FOUND',
        'Unauthenticated media is frozen here: use /_matrix/client/v1/media/download',
      );
    }
    this.token(request, url);
    if (request.method === 'GET' && path === '/_matrix/client/v1/media/config')
      return answer(response, 200, { 'm.upload.size': this.maxUploadBytes });
    if (request.method === 'POST' && path === '/_matrix/media/v3/upload') {
      const actor = this.actor(url);
      const declared = Number(request.headers['content-length'] ?? Number.NaN);
      if (Number.isFinite(declared) && declared > this.maxUploadBytes) {
        request.resume();
        throw new MatrixError(413, 'M_TOO_LARGE', `Upload is larger than ${this.maxUploadBytes} bytes`);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of request) {
        size += (chunk as Buffer).length;
        if (size > this.maxUploadBytes)
          throw new MatrixError(413, 'M_TOO_LARGE', `Upload is larger than ${this.maxUploadBytes} bytes`);
        chunks.push(chunk as Buffer);
      }
      const contentType =
        typeof request.headers['content-type'] === 'string'
          ? request.headers['content-type']
          : 'application/octet-stream';
      return answer(response, 200, {
        content_uri: this.upload(actor, Buffer.concat(chunks), contentType, url.searchParams.get('filename')),
      });
    }
    const download = /^\/_matrix\/client\/v1\/media\/download\/([^/]+)\/([^/]+)(?:\/[^/]+)?$/.exec(path);
    if (request.method === 'GET' && download?.[1] && download[2]) {
      const media = this.mediaOf(`mxc://${decodeURIComponent(download[1])}/${decodeURIComponent(download[2])}`);
      if (!media) throw new MatrixError(404, 'M_NOT_FOUND', 'Media not found');
      response.writeHead(200, {
        'content-type': media.contentType,
        'content-length': String(media.bytes.length),
        'content-disposition': media.name
          ? `attachment; filename*=UTF-8''${encodeURIComponent(media.name)}`
          : 'attachment',
      });
      response.end(media.bytes);
      return;
    }
    throw new MatrixError(404, 'M_UNRECOGNIZED', 'Unrecognized request');
  }

  /** What the spec asks of events a user sends: a reaction annotates an event of the room, once per key and user. */
  private checkEvent(room: Room, sender: string, type: string, content: Record<string, unknown>): void {
    if (type !== 'm.reaction') return;
    const rel = content['m.relates_to'] as { rel_type?: unknown; event_id?: unknown; key?: unknown } | undefined;
    if (rel?.rel_type !== 'm.annotation' || typeof rel.event_id !== 'string' || typeof rel.key !== 'string')
      throw new MatrixError(400, 'M_BAD_JSON', 'A reaction is an m.annotation with event_id and key');
    if (!room.events.some((e) => e.event_id === rel.event_id))
      throw new MatrixError(404, 'M_NOT_FOUND', 'Unknown event to annotate');
    const twice = room.events.some((e) => {
      const other = e.content['m.relates_to'] as { event_id?: unknown; key?: unknown } | undefined;
      return (
        e.type === 'm.reaction' &&
        e.sender === sender &&
        !e.unsigned?.redacted_because &&
        other?.event_id === rel.event_id &&
        other?.key === rel.key
      );
    });
    if (twice) throw new MatrixError(400, 'M_DUPLICATE_ANNOTATION', 'Can’t send same reaction twice');
  }

  private token(request: IncomingMessage, url: URL): string {
    const header = request.headers.authorization;
    const token =
      typeof header === 'string' && header.startsWith('Bearer ')
        ? header.slice(7)
        : url.searchParams.get('access_token');
    if (!token) throw new MatrixError(401, 'M_MISSING_TOKEN', 'Missing access token');
    if (token !== this.options.asToken) throw new MatrixError(401, 'M_UNKNOWN_TOKEN', 'Unrecognised access token');
    return token;
  }

  /** Identity assertion: the service acts as itself, or as a user of its namespace that it registered. */
  private actor(url: URL): string {
    const asserted = url.searchParams.get('user_id');
    if (!asserted || asserted === this.botUserId) return this.botUserId;
    if (!this.namespace.test(asserted))
      throw new MatrixError(403, 'M_FORBIDDEN', `Application service cannot masquerade as ${asserted}`);
    if (!this.users.has(asserted))
      throw new MatrixError(403, 'M_FORBIDDEN', `Application service has not registered ${asserted}`);
    return asserted;
  }

  private register(body: Record<string, unknown>): Record<string, unknown> {
    if (body.type !== 'm.login.application_service')
      throw new MatrixError(
        400,
        'M_BAD_JSON',
        'An application service registers with type m.login.application_service',
      );
    const username = body.username;
    if (typeof username !== 'string' || !/^[a-z0-9._=\-/]+$/.test(username))
      throw new MatrixError(400, 'M_INVALID_USERNAME', 'Invalid username');
    const userId = `@${username}:${this.options.serverName}`;
    if (!this.namespace.test(userId))
      throw new MatrixError(400, 'M_EXCLUSIVE', 'This user ID is outside the application service’s namespace');
    if (this.users.has(userId)) throw new MatrixError(400, 'M_USER_IN_USE', 'User ID already taken');
    this.users.set(userId, { displayName: username, appservice: true });
    return body.inhibit_login === true
      ? { user_id: userId }
      : { user_id: userId, access_token: randomBytes(16).toString('hex'), device_id: 'STANDIN' };
  }

  private getDisplayName(userId: string): Record<string, unknown> {
    const user = this.users.get(userId);
    if (!user) throw new MatrixError(404, 'M_NOT_FOUND', 'Profile was not found');
    return user.displayName === null ? {} : { displayname: user.displayName };
  }

  private checkRateLimit(): void {
    const limit = this.limit;
    if (!limit || limit.remaining <= 0) return;
    if (this.stats.sends % limit.every !== 0) return;
    limit.remaining--;
    this.stats.limited++;
    throw new MatrixError(429, 'M_LIMIT_EXCEEDED', 'Too many requests', { retry_after_ms: limit.retryAfterMs });
  }

  private userRecord(userId: string): { displayName: string | null; appservice: boolean } {
    const user = this.users.get(userId);
    if (!user) throw new MatrixError(404, 'M_NOT_FOUND', 'Unknown user');
    return user;
  }

  private room(roomId: string, forRequest = false): Room {
    const room = this.rooms.get(roomId);
    if (!room)
      throw forRequest ? new MatrixError(403, 'M_FORBIDDEN', `Unknown room ${roomId}`) : new Error(`no room ${roomId}`);
    return room;
  }

  private joinRoom(userId: string, roomId: string): void {
    const room = this.room(roomId);
    if (room.members.has(userId)) return;
    room.members.add(userId);
    this.append(
      roomId,
      userId,
      'm.room.member',
      { membership: 'join', displayname: this.users.get(userId)?.displayName ?? undefined },
      userId,
    );
  }

  private append(
    roomId: string,
    sender: string,
    type: string,
    content: Record<string, unknown>,
    stateKey?: string,
  ): string {
    const room = this.room(roomId);
    const event: StandInEvent = {
      event_id: `$${(++this.counter).toString().padStart(6, '0')}${randomBytes(6).toString('base64url')}`,
      room_id: roomId,
      sender,
      type,
      content,
      origin_server_ts: Date.now(),
      ...(stateKey === undefined ? {} : { state_key: stateKey }),
    };
    room.events.push(event);
    this.queuePush(room, event);
    return event.event_id;
  }

  private redactEvent(sender: string, room: Room, eventId: string): string {
    const target = room.events.find((e) => e.event_id === eventId);
    if (!target) throw new MatrixError(404, 'M_NOT_FOUND', 'Event not found');
    if (target.sender !== sender && sender !== this.botUserId)
      throw new MatrixError(403, 'M_FORBIDDEN', 'You cannot redact another user’s event');
    // Room version 11: `redacts` in content; older clients read it at the top level too.
    const id = this.append(room.id, sender, 'm.room.redaction', { redacts: eventId });
    const redaction = room.events.find((e) => e.event_id === id);
    if (redaction) redaction.redacts = eventId;
    target.content = {};
    target.unsigned = { redacted_because: id };
    return id;
  }

  /** Pushed when one of the service's users is in the room (or the event is about one). */
  private queuePush(room: Room, event: StandInEvent): void {
    const interested =
      [...room.members].some((m) => this.namespace.test(m) || m === this.botUserId) ||
      (event.state_key !== undefined && this.namespace.test(event.state_key));
    if (!interested) return;
    this.pending.push(event);
    this.kickPush();
  }

  private kickPush(): void {
    if (this.pushing || !this.appServiceUrl || !this.server) return;
    this.pushing = this.pushLoop().finally(() => {
      this.pushing = null;
    });
  }

  /** One transaction at a time; a transaction not answered 200 is sent again, the same id with the same events. */
  private async pushLoop(): Promise<void> {
    let wait = 10;
    while (this.server && (this.inFlight || this.pending.length > 0)) {
      if (!this.inFlight) {
        this.inFlight = { txnId: `txn${++this.txnCounter}`, events: this.pending };
        this.pending = [];
      }
      const status = await this.pushOnce(this.inFlight.txnId, this.inFlight.events).catch(() => 0);
      if (status === 200) {
        this.delivered.push(this.inFlight);
        this.inFlight = null;
        wait = 10;
      } else {
        await new Promise((resolve) => setTimeout(resolve, wait));
        wait = Math.min(wait * 2, 500);
      }
    }
  }

  private async pushOnce(txnId: string, events: StandInEvent[]): Promise<number> {
    const response = await fetch(
      `${this.appServiceUrl ?? ''}/_matrix/app/v1/transactions/${encodeURIComponent(txnId)}`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.options.hsToken}` },
        body: JSON.stringify({ events }),
      },
    );
    await response.arrayBuffer();
    return response.status;
  }
}

function answer(response: ServerResponse, status: number, body: Record<string, unknown>): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return {};
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new MatrixError(400, 'M_BAD_JSON', 'The body must be a JSON object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    if (error instanceof MatrixError) throw error;
    throw new MatrixError(400, 'M_NOT_JSON', 'Content not JSON');
  }
}
