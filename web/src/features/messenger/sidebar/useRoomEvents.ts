import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { MessageView, RoomView, ServerToClientEvents } from '../../../api/types';
import { useSocket } from '../../../app/session-context';
import {
  applyCreated,
  applyJoined,
  applyLeft,
  applyMentioned,
  applyRead,
  applyUpdated,
  roomsQueryKey,
  type CreatedContext,
  type RoomSummary,
} from './rooms';

/** How many counted mention ids to remember: far more than can be in flight at once. */
const REMEMBERED_MENTIONS = 500;

export interface RoomEventsOptions {
  meId: string | undefined;
  /** The room open on screen, if any. */
  openRoomId: string | null;
  /** New messages from others, after the counts took them in (for notifications). */
  onFresh?: (room: RoomSummary, messages: MessageView[]) => void;
}

/**
 * Keeps ['rooms'] current from the socket: counts, activity, rooms joined, left and renamed. The
 * query cache is the only copy. socket.io delivers at most once, so every (re)connect fetches the
 * list again; an event that lands while a fetch is in flight starts the fetch over, as that fetch
 * may have been answered before the event's change.
 */
export function useRoomEvents({ meId, openRoomId, onFresh }: RoomEventsOptions): void {
  const socket = useSocket();
  const queryClient = useQueryClient();
  const openRef = useRef(openRoomId);
  const freshRef = useRef(onFresh);
  const counted = useRef(new Set<string>());
  useEffect(() => {
    openRef.current = openRoomId;
    freshRef.current = onFresh;
  });

  useEffect(() => {
    if (!socket || !meId) return;
    const refetch = () => void queryClient.invalidateQueries({ queryKey: roomsQueryKey });
    const context: CreatedContext = {
      meId,
      viewing: (roomId) => openRef.current === roomId && document.visibilityState === 'visible',
      countedMentions: counted.current,
    };
    const forget = () => {
      const ids = counted.current;
      if (ids.size > REMEMBERED_MENTIONS)
        for (const id of [...ids].slice(0, ids.size - REMEMBERED_MENTIONS)) ids.delete(id);
    };
    /** Applies a change to the cached list; null from the change means the server must count again. */
    const patch = (change: (rooms: RoomSummary[]) => RoomSummary[] | null) => {
      const fetching = queryClient.isFetching({ queryKey: roomsQueryKey }) > 0;
      const rooms = queryClient.getQueryData<RoomSummary[]>(roomsQueryKey);
      if (!rooms) return fetching ? refetch() : undefined;
      const next = change(rooms);
      if (next === null) return refetch();
      if (next === rooms) return;
      queryClient.setQueryData(roomsQueryKey, next);
      if (fetching) refetch();
    };

    const created: ServerToClientEvents['messages.created'] = ({ roomId, messages }) => {
      let fresh: MessageView[] = [];
      patch((rooms) => {
        const result = applyCreated(rooms, roomId, messages, context);
        if (!result) return null;
        fresh = result.fresh;
        return result.rooms;
      });
      forget();
      const room = queryClient.getQueryData<RoomSummary[]>(roomsQueryKey)?.find((r) => r.id === roomId);
      const fromOthers = fresh.filter((m) => m.senderId !== meId);
      if (room && fromOthers.length > 0) freshRef.current?.(room, fromOthers);
    };
    const mentioned: ServerToClientEvents['mentioned'] = ({ roomId, messageId }) =>
      patch((rooms) => applyMentioned(rooms, roomId, messageId, context));
    const read: ServerToClientEvents['read.updated'] = ({ roomId, userId, lastReadSeq }) => {
      if (userId === meId) patch((rooms) => applyRead(rooms, roomId, lastReadSeq));
    };
    const joined = (room: RoomView) => {
      patch((rooms) => applyJoined(rooms, room));
      // Its counts, and a direct room's other person, are the server's to tell.
      refetch();
    };
    const updated = (room: RoomView) => patch((rooms) => applyUpdated(rooms, room));
    const left: ServerToClientEvents['room.left'] = ({ roomId }) => patch((rooms) => applyLeft(rooms, roomId));

    socket.on('connect', refetch);
    socket.on('messages.created', created);
    socket.on('mentioned', mentioned);
    socket.on('read.updated', read);
    socket.on('room.joined', joined);
    socket.on('room.updated', updated);
    socket.on('room.left', left);
    return () => {
      socket.off('connect', refetch);
      socket.off('messages.created', created);
      socket.off('mentioned', mentioned);
      socket.off('read.updated', read);
      socket.off('room.joined', joined);
      socket.off('room.updated', updated);
      socket.off('room.left', left);
    };
  }, [socket, meId, queryClient]);
}
