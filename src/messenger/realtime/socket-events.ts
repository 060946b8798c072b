/**
 * The socket.io event map, shared with the web client so both sides type-check. Server-to-client
 * events carry views the recipient may see; client-to-server events answer through an ack.
 */
import type { ErrorBody } from '../../common/error-body.js';

export interface MessageView {
  id: string;
  roomId: string;
  seq: string;
  /** The room's change number of this message's last change: of two views of it, the higher is newer. */
  changeSeq: string;
  senderId: string | null;
  senderName: string | null;
  clientMessageId: string | null;
  kind: 'text' | 'system' | 'bot';
  body: string;
  threadRootId: string | null;
  replyCount: number;
  mentions: string[];
  reactions: Array<{ emoji: string; userIds: string[] }>;
  attachments: Array<{ id: string; name: string; contentType: string; size: number }>;
  editedAt: string | null;
  deletedAt: string | null;
  createdAt: string;
}

export interface RoomView {
  id: string;
  kind: 'direct' | 'group' | 'agency' | 'collaboration';
  name: string | null;
  topic: string | null;
  archived: boolean;
  /** Who may invite people in: its owners (`managers`, the default) or any member. */
  invitePolicy: 'managers' | 'members';
  /** The room's last change number, where its change feed (`room.changes`) continues from. */
  lastChangeSeq: string;
}

/**
 * A page of a room's change feed: the messages changed after the number asked for, in change
 * order, each once and as it is now (a deleted one with `deletedAt` set and no text).
 * `lastChangeSeq` is where the next page starts; `hasMore` says whether to ask again.
 */
export interface ChangesPage {
  roomId: string;
  changes: MessageView[];
  lastChangeSeq: string;
  hasMore: boolean;
}

export interface ServerToClientEvents {
  /**
   * New messages of one room, in seq order. Messages committed together travel in one packet
   * (one write per socket instead of one per message); a client handles each in turn.
   */
  'messages.created': (event: { roomId: string; messages: MessageView[] }) => void;
  'message.updated': (message: MessageView) => void;
  'message.deleted': (event: { roomId: string; messageId: string; changeSeq: string }) => void;
  'read.updated': (event: { roomId: string; userId: string; lastReadSeq: string }) => void;
  typing: (event: { roomId: string; userId: string }) => void;
  'room.updated': (room: RoomView) => void;
  'room.joined': (room: RoomView) => void;
  'room.left': (event: { roomId: string }) => void;
  mentioned: (event: { roomId: string; messageId: string }) => void;
  /** A task changed: read it again (GET /tasks/:id). Sent to the task's room (with its roomId) and to the people on the task (roomId null, as they may be outside that room). */
  'task.changed': (event: { taskId: string; roomId: string | null; kind: string }) => void;
  /** To a memo's author: the new counts and the recipient row that changed, so an open table updates in place. */
  'memo.status': (event: MemoStatusEvent) => void;
  /** An answer to a slash command that only its sender sees. */
  'command.reply': (event: CommandReplyEvent) => void;
  /**
   * The access token the socket connected with has expired (`INVALID_TOKEN`: reconnect with a fresh
   * one), or its session ended (`SIGNED_OUT`, `REFRESH_TOKEN_REUSED`: sign in again). The server
   * disconnects right after.
   */
  'session.expired': (error: ErrorBody) => void;
}

export interface MemoStatusEvent {
  memoId: string;
  total: number;
  delivered: number;
  read: number;
  acknowledged: number;
  opinions: number;
  changed: {
    userId: string;
    displayName: string;
    agencyName: string | null;
    via: 'user' | 'department' | 'agency';
    deliveredAt: string | null;
    readAt: string | null;
    acknowledgedAt: string | null;
    opinion: string | null;
    opinionAt: string | null;
    files: Array<{
      id: string;
      roomId: string | null;
      name: string;
      contentType: string;
      size: number;
      sha256: string;
      createdAt: string;
    }>;
    answered: boolean;
  };
}

export interface CommandReplyEvent {
  /** The command message this answers. */
  commandMessageId: string;
  roomId: string;
  ok: boolean;
  /** A stable error code when the command was refused. */
  code: string | null;
  text: string;
  /** Set when the command asks first: `/confirm <code>` carries it out (Confirm buttons send that). */
  confirmationCode: string | null;
}

export type Ack<T> = (reply: { ok: true; data: T } | { ok: false; error: ErrorBody }) => void;

export interface SendMessagePayload {
  roomId: string;
  clientMessageId: string;
  body: string;
  threadRootId?: string;
  fileIds?: string[];
}

export interface ClientToServerEvents {
  'message.send': (payload: SendMessagePayload, ack: Ack<MessageView>) => void;
  'room.read': (payload: { roomId: string; seq: string }, ack: Ack<{ lastReadSeq: string }>) => void;
  /** The room's change feed after a change number (GET /rooms/:id/changes over the socket). */
  'room.changes': (payload: { roomId: string; after?: string; limit?: number }, ack: Ack<ChangesPage>) => void;
  /** The ack is optional: it answers `null`, or why the payload was refused. */
  typing: (payload: { roomId: string }, ack?: Ack<null>) => void;
}

export const userChannel = (userId: string) => `user:${userId}`;
export const roomChannel = (roomId: string) => `room:${roomId}`;
/** Every socket opened with an access token of one session (refresh-token family). */
export const sessionChannel = (sessionId: string) => `session:${sessionId}`;
