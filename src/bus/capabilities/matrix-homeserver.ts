import type { Readable } from 'node:stream';

/**
 * The Matrix capabilities a connector provides (connectors/matrix is one): a homeserver reached
 * as an application service, and the sink its transactions are handed to. The bridge's domain
 * (src/matrix) speaks to the homeserver only through `MatrixHomeserver`, and the connector hands
 * what the homeserver pushes only to `MatrixEventSink`.
 */
export const MATRIX_HOMESERVER = Symbol('MATRIX_HOMESERVER');
export const MATRIX_EVENT_SINK = Symbol('MATRIX_EVENT_SINK');

/** A Matrix event as the application-service API delivers it (the client-server "ClientEvent" format). */
export interface MatrixEvent {
  event_id: string;
  room_id: string;
  sender: string;
  type: string;
  content: Record<string, unknown>;
  origin_server_ts?: number;
  state_key?: string;
  /** Redactions in rooms before version 11 name their target here; later ones in `content.redacts`. */
  redacts?: string;
  unsigned?: Record<string, unknown>;
}

/**
 * Why a request failed, as far as the bridge cares: `unavailable` (no answer, a 5xx) and
 * `rate-limited` (M_LIMIT_EXCEEDED) pass with time; `refused` (any other 4xx) does not.
 */
export type MatrixFailureKind = 'unavailable' | 'rate-limited' | 'refused';

export class MatrixRequestError extends Error {
  constructor(
    readonly kind: MatrixFailureKind,
    message: string,
    /** The Matrix error code, when the homeserver gave one (M_FORBIDDEN, M_LIMIT_EXCEEDED, ...). */
    readonly errcode: string | null = null,
    /** How long the homeserver asked us to wait (retry_after_ms), when it did. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'MatrixRequestError';
  }
}

export interface MatrixHomeserver {
  /** The server name user ids end in (`example.org` in `@alice:example.org`). */
  readonly serverName: string;
  /** The application service's own user (its registration's sender_localpart). */
  readonly botUserId: string;
  /** Whether a Matrix user id is one of ours (a puppet or the bridge's own user): their events are never bridged back. */
  isOwnUser(userId: string): boolean;
  /** The puppet's user id for an Ieum user id. */
  puppetUserId(ieumUserId: string): string;
  /** Registers the puppet (already registered is fine) and sets its display name. */
  ensurePuppet(userId: string, displayName: string): Promise<void>;
  /** Joins a user (a puppet, or the bridge's user when null) to a room by id or alias; answers the room id. */
  join(userId: string | null, roomIdOrAlias: string): Promise<string>;
  /** Invites a user (a puppet) into a room as the bridge's own user, for rooms one joins only when invited. */
  invite(roomId: string, userId: string): Promise<void>;
  /** The room id an alias points to; null when the alias is unknown. */
  resolveAlias(alias: string): Promise<string | null>;
  /** Sends an event as `userId`; the same txnId from the same user is the same event. Answers the event id. */
  send(userId: string, roomId: string, type: string, content: Record<string, unknown>, txnId: string): Promise<string>;
  /** Redacts an event as `userId`, idempotent by txnId. */
  redact(userId: string, roomId: string, eventId: string, txnId: string): Promise<string>;
  /**
   * Uploads a file to the media repository as `userId` (POST /_matrix/media/v3/upload); answers
   * its mxc:// URI. A homeserver that will not take it (M_TOO_LARGE) refuses.
   */
  uploadMedia(userId: string, media: MatrixMediaUpload): Promise<string>;
  /**
   * Opens an mxc:// URI's bytes through the authenticated media API
   * (GET /_matrix/client/v1/media/download/{serverName}/{mediaId}); refuses (M_TOO_LARGE) when the
   * homeserver declares more than `maxBytes`. The caller still counts what streams.
   */
  downloadMedia(mxcUri: string, maxBytes: number): Promise<MatrixMediaDownload>;
  /** A user's display name, or null when they have none or the homeserver does not say. */
  displayName(userId: string): Promise<string | null>;
  /** Whether the homeserver answers; reports instead of throwing. */
  checkConnection(): Promise<{ ok: boolean; detail: string }>;
}

export interface MatrixMediaUpload {
  name: string;
  contentType: string;
  size: number;
  stream: Readable;
}

export interface MatrixMediaDownload {
  stream: Readable;
  /** What the homeserver says it is: a hint only, the bytes are sniffed on arrival. */
  contentType: string | null;
  size: number | null;
}

/** `mxc://server/mediaId`, split; null when it is not one. */
export function parseMxc(uri: string): { serverName: string; mediaId: string } | null {
  const match = /^mxc:\/\/([A-Za-z0-9.:[\]-]+)\/([A-Za-z0-9_-]+)$/.exec(uri);
  return match?.[1] && match[2] ? { serverName: match[1], mediaId: match[2] } : null;
}

export interface MatrixEventSink {
  /**
   * Takes one transaction of events pushed by the homeserver. Resolves once every event is
   * committed (or deliberately ignored); a transaction id seen before resolves without doing
   * anything again. Throws when something must be retried: the homeserver sends it again.
   */
  receiveTransaction(txnId: string, events: MatrixEvent[]): Promise<void>;
}
