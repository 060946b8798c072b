import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api } from '../../../api/http';
import type { MessageView, RoomView } from '../../../api/types';
import type { RoomSummaryRow } from '@server/messenger/room.repository';

/** What JSON makes of a server type: dates arrive as ISO strings. */
type Json<T> = T extends Date
  ? string
  : T extends Array<infer U>
    ? Array<Json<U>>
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

/** One of my rooms as GET /rooms lists it, with its unread and mention counts. */
export type RoomSummary = Json<RoomSummaryRow>;

export const roomsQueryKey = ['rooms'] as const;

/**
 * My rooms. The socket keeps the list current (see useRoomEvents), so it is not refetched on a
 * timer; it is fetched again when the list mounts and after every reconnect.
 */
export function useRooms() {
  return useQuery({
    queryKey: roomsQueryKey,
    queryFn: ({ signal }) => api<RoomSummary[]>('/rooms', { signal }),
    staleTime: Infinity,
    refetchOnMount: 'always',
  });
}

/** A room's name as a person reads it: a direct room by the other person and their agency. */
export function roomLabel(
  room: Pick<RoomSummary, 'kind' | 'name' | 'peer'>,
  t: TFunction,
): { name: string; detail: string | null } {
  if (room.kind === 'direct') {
    if (room.peer) return { name: room.peer.displayName, detail: room.peer.agencyName };
    return { name: t('directFallback'), detail: null };
  }
  return { name: room.name ?? '', detail: null };
}

export type RoomGroup = 'agency' | 'rooms' | 'direct';

export function groupOf(room: Pick<RoomSummary, 'kind'>): RoomGroup {
  switch (room.kind) {
    case 'agency':
      return 'agency';
    case 'group':
    case 'collaboration':
      return 'rooms';
    case 'direct':
      return 'direct';
  }
}

const activity = (room: RoomSummary) => (room.lastMessageAt ? Date.parse(room.lastMessageAt) : 0);

/** Rooms of one group, open ones first, newest activity first (as the server orders them). */
export function sortRooms(rooms: RoomSummary[]): RoomSummary[] {
  return [...rooms].sort(
    (a, b) => Number(a.archivedAt !== null) - Number(b.archivedAt !== null) || activity(b) - activity(a),
  );
}

const seqAfter = (a: string, b: string) => BigInt(a) > BigInt(b);

export interface CreatedContext {
  meId: string;
  /** Whether the person has this room in front of them now (open and the tab visible). */
  viewing: (roomId: string) => boolean;
  /** Message ids whose mention of me is already counted (the `mentioned` event may come first). */
  countedMentions: Set<string>;
}

/**
 * New messages of a room: each one newer than the room's last seq moves the room's activity and,
 * from someone else in a room the person is not viewing, counts as unread (and as a mention when
 * it names them). Messages at or below the last seq were already counted, so nothing counts twice.
 * Returns null when the room is not in the list (the list must be fetched again).
 */
export function applyCreated(
  rooms: RoomSummary[],
  roomId: string,
  messages: MessageView[],
  context: CreatedContext,
): { rooms: RoomSummary[]; fresh: MessageView[] } | null {
  const index = rooms.findIndex((r) => r.id === roomId);
  const room = rooms[index];
  if (!room) return null;
  const fresh: MessageView[] = [];
  let next = room;
  for (const message of messages) {
    if (!seqAfter(message.seq, next.lastSeq)) continue;
    fresh.push(message);
    const counts = message.senderId !== context.meId && !context.viewing(roomId);
    const mentionsMe = counts && message.mentions.includes(context.meId) && !context.countedMentions.has(message.id);
    if (mentionsMe) context.countedMentions.add(message.id);
    next = {
      ...next,
      lastSeq: message.seq,
      lastMessageAt: message.createdAt,
      unread: next.unread + (counts ? 1 : 0),
      mentions: next.mentions + (mentionsMe ? 1 : 0),
    };
  }
  if (next === room) return { rooms, fresh };
  const copy = [...rooms];
  copy[index] = next;
  return { rooms: copy, fresh };
}

/** A `mentioned` event: counted once per message, and not in the room being viewed. */
export function applyMentioned(
  rooms: RoomSummary[],
  roomId: string,
  messageId: string,
  context: CreatedContext,
): RoomSummary[] | null {
  if (context.countedMentions.has(messageId) || context.viewing(roomId)) return rooms;
  if (!rooms.some((r) => r.id === roomId)) return null;
  context.countedMentions.add(messageId);
  return rooms.map((r) => (r.id === roomId ? { ...r, mentions: r.mentions + 1 } : r));
}

/**
 * My read marker moved. Read up to the room's last message: nothing is unread. Read only part of
 * the way: which messages remain is the server's to count (returns null: fetch again). A marker
 * past the last seq this list knows (the room screen fetched newer messages) moves that seq too,
 * so their own events, if they come late, do not count what was read.
 */
export function applyRead(rooms: RoomSummary[], roomId: string, lastReadSeq: string): RoomSummary[] | null {
  const room = rooms.find((r) => r.id === roomId);
  if (!room) return rooms;
  if (seqAfter(room.lastSeq, lastReadSeq)) return null;
  return rooms.map((r) => (r.id === roomId ? { ...r, lastReadSeq, lastSeq: lastReadSeq, unread: 0, mentions: 0 } : r));
}

/** A room I was added to, shown at once; its counts (and a direct room's person) come with the next fetch. */
export function applyJoined(rooms: RoomSummary[], room: RoomView): RoomSummary[] {
  if (rooms.some((r) => r.id === room.id)) return applyUpdated(rooms, room);
  const added: RoomSummary = {
    id: room.id,
    kind: room.kind,
    name: room.name,
    topic: room.topic,
    agencyId: null,
    archivedAt: room.archived ? new Date().toISOString() : null,
    lastSeq: '0',
    lastChangeSeq: room.lastChangeSeq,
    lastMessageAt: null,
    lastReadSeq: '0',
    unread: 0,
    mentions: 0,
    peer: null,
  };
  return [added, ...rooms];
}

export function applyUpdated(rooms: RoomSummary[], room: RoomView): RoomSummary[] {
  return rooms.map((r) =>
    r.id === room.id
      ? {
          ...r,
          name: room.name,
          topic: room.topic,
          archivedAt: room.archived ? (r.archivedAt ?? new Date().toISOString()) : null,
        }
      : r,
  );
}

export function applyLeft(rooms: RoomSummary[], roomId: string): RoomSummary[] {
  return rooms.filter((r) => r.id !== roomId);
}
