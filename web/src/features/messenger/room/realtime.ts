import { notifyManager, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { IeumSocket } from '../../../api/socket';
import type { CommandReplyEvent, MessageView, RoomView } from '../../../api/types';
import { useSocket } from '../../../app/session-context';
import type { CommandRunView, RoomMemberView } from './types';
import { retryFailedSends, settled } from './outbox';
import {
  advanceChangeSeq,
  behind,
  catchUp,
  compareSeq,
  isFresh,
  mergeMessages,
  replaceMessage,
  roomKeys,
  type Timeline,
} from './timeline';

/** Every timeline held for a room: its main history and any thread. */
function timelinesOf(queryClient: QueryClient, roomId: string) {
  return queryClient.getQueryCache().findAll({ queryKey: [...roomKeys.room(roomId), 'timeline'] });
}

/**
 * How long a change number skipped by live events may stay unseen before the feed is read for it.
 * Events come from several processes and may overtake each other, so a gap usually closes by
 * itself; one that does not is a change whose event was lost (a node killed between its commit
 * and its publish), which no reconnect would bring, since this client was never cut off.
 */
const GAP_GRACE_MS = 1500;
const gapChecks = new Map<string, ReturnType<typeof setTimeout>>();
/** The highest change number each room's live events have carried. */
const newestSeen = new Map<string, string>();

/** Live changes applied to every window of the room move their change numbers (see advanceChangeSeq). */
function noteChanges(queryClient: QueryClient, roomId: string, changeSeqs: string[]): void {
  for (const query of timelinesOf(queryClient, roomId)) {
    queryClient.setQueryData<Timeline>(query.queryKey, (t) => t && advanceChangeSeq(t, changeSeqs));
  }
  const newest = changeSeqs.reduce<string | null>(
    (max, n) => (max === null || compareSeq(n, max) > 0 ? n : max),
    newestSeen.get(roomId) ?? null,
  );
  if (newest === null) return;
  newestSeen.set(roomId, newest);
  if (gapChecks.has(roomId)) return;
  gapChecks.set(
    roomId,
    setTimeout(() => {
      gapChecks.delete(roomId);
      // Against the newest number seen by now: changes that came meanwhile count too.
      fillGaps(queryClient, roomId, newestSeen.get(roomId) ?? newest);
    }, GAP_GRACE_MS),
  );
}

/** Every window of the room still short of a change seen live reads the feed from its number. */
function fillGaps(queryClient: QueryClient, roomId: string, seen: string): void {
  for (const query of timelinesOf(queryClient, roomId)) {
    const held = queryClient.getQueryData<Timeline>(query.queryKey);
    if (!held || !behind(held, seen)) continue;
    const thread = query.queryKey[4] as string;
    void catchUp(queryClient, roomId, thread === 'main' ? null : thread).catch(() =>
      queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true }),
    );
  }
}

function applyCreated(queryClient: QueryClient, roomId: string, messages: MessageView[]): void {
  const byTimeline = new Map<string | null, MessageView[]>();
  for (const m of messages) byTimeline.set(m.threadRootId, [...(byTimeline.get(m.threadRootId) ?? []), m]);
  const newest = messages.reduce<string | null>(
    (max, m) => (max === null || compareSeq(m.seq, max) > 0 ? m.seq : max),
    null,
  );
  // One change per timeline, announced once: this is the path from a send elsewhere to the paint here.
  notifyManager.batch(() => {
    for (const [threadRootId, batch] of byTimeline) {
      const key = roomKeys.timeline(roomId, threadRootId);
      const held = queryClient.getQueryData<Timeline>(key);
      if (held) {
        // A window that stops short of the newest messages gets them when it pages forward.
        const messages = held.hasNewer ? held.messages : mergeMessages(held.messages, batch);
        const latestSeq =
          threadRootId === null && newest && (!held.latestSeq || compareSeq(newest, held.latestSeq) > 0)
            ? newest
            : held.latestSeq;
        if (messages !== held.messages || latestSeq !== held.latestSeq)
          queryClient.setQueryData<Timeline>(key, { ...held, messages, latestSeq });
      } else if (queryClient.getQueryState(key)?.fetchStatus === 'fetching') {
        // The first page is on its way and may have been read before these were written: keep
        // them until it lands (loadLatest merges them in), so none falls in between.
        queryClient.setQueryData<Timeline>(key, { messages: batch, hasOlder: true, hasNewer: false, partial: true });
      }
    }
    if (newest && !byTimeline.has(null)) {
      // Only thread replies: the room's newest seq still moves (read markers may reach it).
      queryClient.setQueryData<Timeline>(roomKeys.timeline(roomId), (t) =>
        t && (!t.latestSeq || compareSeq(newest, t.latestSeq) > 0) ? { ...t, latestSeq: newest } : t,
      );
    }
    noteChanges(
      queryClient,
      roomId,
      messages.map((m) => m.changeSeq),
    );
    for (const m of messages) settled(m);
  });
}

/** A newer view of a message (an older one, overtaken on its way, is dropped). */
export function applyUpdated(queryClient: QueryClient, message: MessageView): void {
  const newer = (m: MessageView) => (isFresh(message, m) ? message : m);
  for (const query of timelinesOf(queryClient, message.roomId)) {
    queryClient.setQueryData<Timeline>(query.queryKey, (t) => t && replaceMessage(t, message.id, newer));
  }
  noteChanges(queryClient, message.roomId, [message.changeSeq]);
  queryClient.setQueryData<MessageView>(roomKeys.message(message.id), (m) => m && newer(m));
}

/** A deletion: from the socket with its change number, or from this client's own request without one. */
export function applyDeleted(queryClient: QueryClient, roomId: string, messageId: string, changeSeq?: string): void {
  const gone = (m: MessageView): MessageView => ({
    ...m,
    body: '',
    attachments: [],
    mentions: [],
    deletedAt: m.deletedAt ?? new Date().toISOString(),
    changeSeq: changeSeq && compareSeq(changeSeq, m.changeSeq) > 0 ? changeSeq : m.changeSeq,
  });
  for (const query of timelinesOf(queryClient, roomId)) {
    queryClient.setQueryData<Timeline>(query.queryKey, (t) => t && replaceMessage(t, messageId, gone));
  }
  if (changeSeq) noteChanges(queryClient, roomId, [changeSeq]);
  queryClient.setQueryData<MessageView>(roomKeys.message(messageId), (m) => m && gone(m));
}

function applyRead(queryClient: QueryClient, event: { roomId: string; userId: string; lastReadSeq: string }): void {
  queryClient.setQueryData<RoomMemberView[]>(roomKeys.members(event.roomId), (members) =>
    members?.map((m) => (m.userId === event.userId ? { ...m, lastReadSeq: event.lastReadSeq } : m)),
  );
  // An open "read by" list follows along.
  void queryClient.invalidateQueries({ queryKey: ['messenger', 'receipt'] });
}

function applyCommandReply(queryClient: QueryClient, event: CommandReplyEvent): void {
  const status: CommandRunView['status'] = !event.ok
    ? 'failed'
    : event.confirmationCode
      ? 'awaiting_confirmation'
      : 'done';
  queryClient.setQueryData<CommandRunView>(roomKeys.commandRun(event.commandMessageId), (run) => ({
    messageId: event.commandMessageId,
    command: run?.command ?? null,
    status,
    errorCode: event.code,
    reply: event.text,
    ephemeral: true,
    confirmationCode: event.confirmationCode ?? null,
    updatedAt: new Date().toISOString(),
  }));
}

/**
 * socket.io delivers at most once, so each (re)connect fetches what was missed: every timeline on
 * screen reads the room's change feed from its change number; those not on screen are dropped and load afresh when
 * opened. What may have moved meanwhile (read markers, command outcomes) is read again.
 */
async function resync(queryClient: QueryClient): Promise<void> {
  const timelines = queryClient
    .getQueryCache()
    .findAll({ queryKey: roomKeys.all, predicate: (q) => q.queryKey[3] === 'timeline' });
  const work: Array<Promise<void>> = [];
  for (const query of timelines) {
    const [, , roomId, , thread] = query.queryKey as [string, string, string, string, string];
    if (query.getObserversCount() === 0) queryClient.removeQueries({ queryKey: query.queryKey, exact: true });
    else
      work.push(
        catchUp(queryClient, roomId, thread === 'main' ? null : thread).catch(() =>
          queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true }),
        ),
      );
  }
  await Promise.all(work);
  await queryClient.invalidateQueries({
    predicate: (q) =>
      q.queryKey[0] === 'messenger' &&
      (q.queryKey[3] === 'members' || q.queryKey[1] === 'receipt' || q.queryKey[1] === 'command-run'),
  });
}

/** Keeps the messenger's cached server state in step with the socket; mounted once by the messenger. */
export function useRoomRealtime(): void {
  const socket = useSocket();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!socket) return;
    const s: IeumSocket = socket;
    const onCreated = (event: { roomId: string; messages: MessageView[] }) =>
      applyCreated(queryClient, event.roomId, event.messages);
    const onUpdated = (message: MessageView) => applyUpdated(queryClient, message);
    const onDeleted = (event: { roomId: string; messageId: string; changeSeq: string }) =>
      applyDeleted(queryClient, event.roomId, event.messageId, event.changeSeq);
    const onRead = (event: { roomId: string; userId: string; lastReadSeq: string }) => applyRead(queryClient, event);
    const onRoom = (room: RoomView) => queryClient.setQueryData<RoomView>(roomKeys.room(room.id), room);
    const onLeft = (event: { roomId: string }) =>
      void queryClient.invalidateQueries({ queryKey: roomKeys.room(event.roomId), exact: true });
    const onReply = (event: CommandReplyEvent) => applyCommandReply(queryClient, event);
    const onConnect = () => {
      void resync(queryClient);
      retryFailedSends(queryClient, s);
    };
    s.on('messages.created', onCreated);
    s.on('message.updated', onUpdated);
    s.on('message.deleted', onDeleted);
    s.on('read.updated', onRead);
    s.on('room.updated', onRoom);
    s.on('room.left', onLeft);
    s.on('command.reply', onReply);
    s.on('connect', onConnect);
    return () => {
      s.off('messages.created', onCreated);
      s.off('message.updated', onUpdated);
      s.off('message.deleted', onDeleted);
      s.off('read.updated', onRead);
      s.off('room.updated', onRoom);
      s.off('room.left', onLeft);
      s.off('command.reply', onReply);
      s.off('connect', onConnect);
    };
  }, [socket, queryClient]);
}
