// The server's own types, imported type-only: the client never redeclares a payload.
export type { ErrorBody } from '@server/common/error-body';
export type {
  Ack,
  ChangesPage,
  ClientToServerEvents,
  CommandReplyEvent,
  MemoStatusEvent,
  MessageView,
  RoomView,
  SendMessagePayload,
  ServerToClientEvents,
} from '@server/messenger/realtime/socket-events';
export type { MeResponse } from '@server/identity/me.controller';
export type { Session } from '@server/identity/auth.service';
export type { AgencyNode } from '@server/identity/directory.service';
