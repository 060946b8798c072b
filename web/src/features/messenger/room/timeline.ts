import type { QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/http';
import type { MessageView } from '../../../api/types';

/**
 * A room's history (or a thread's) as the client holds it: one contiguous window of messages in
 * seq order, each once. `hasNewer` false means the window reaches the newest message, so live
 * messages are appended to it; a window opened around a linked message may stop short of that.
 */
export interface Timeline {
  messages: MessageView[];
  hasOlder: boolean;
  hasNewer: boolean;
  /** Set while only live messages are here and the first page is still on its way. */
  partial?: boolean;
  /** The newest seq seen in the room, thread replies included (what a read marker may reach). */
  latestSeq?: string;
}

export const PAGE = 50;
const MAX_PAGE = 100;
/** Past this many pages missed, a reconnect starts again from the newest page instead. */
const MAX_CATCH_UP_PAGES = 20;

export const roomKeys = {
  all: ['messenger', 'room'] as const,
  room: (roomId: string) => ['messenger', 'room', roomId] as const,
  members: (roomId: string) => ['messenger', 'room', roomId, 'members'] as const,
  timeline: (roomId: string, threadRootId: string | null = null) => ['messenger', 'room', roomId, 'timeline', threadRootId ?? 'main'] as const,
  message: (messageId: string) => ['messenger', 'message', messageId] as const,
  receipt: (messageId: string) => ['messenger', 'receipt', messageId] as const,
  commandRun: (messageId: string) => ['messenger', 'command-run', messageId] as const,
  file: (fileId: string) => ['messenger', 'file', fileId] as const,
  commands: ['messenger', 'commands'] as const,
  agencies: ['messenger', 'agencies'] as const,
};

/** seq strings compared as the integers they are (no precision lost past 2^53). */
export function compareSeq(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export function lastSeq(messages: MessageView[]): string | null {
  return messages.length > 0 ? messages[messages.length - 1]!.seq : null;
}

/**
 * Merges messages into a window by id, in seq order; a message already held is replaced by the
 * incoming view (fresher: an edit, a reaction, a reply count). The common case, messages newer
 * than all held, is an append.
 */
export function mergeMessages(current: MessageView[], incoming: MessageView[]): MessageView[] {
  if (incoming.length === 0) return current;
  const tail = lastSeq(current);
  const sorted = [...incoming].sort((a, b) => compareSeq(a.seq, b.seq));
  const unique = sorted.filter((m, i) => i === 0 || m.id !== sorted[i - 1]!.id);
  if (tail === null || compareSeq(unique[0]!.seq, tail) > 0) return [...current, ...unique];
  // An older page: before everything held.
  if (compareSeq(unique[unique.length - 1]!.seq, current[0]!.seq) < 0) return [...unique, ...current];
  const byId = new Map<string, MessageView>();
  for (const m of current) byId.set(m.id, m);
  // Nothing new (a broadcast of what an ack already brought): the same window, no re-render.
  if (unique.every((m) => byId.get(m.id) === m)) return current;
  for (const m of sorted) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => compareSeq(a.seq, b.seq));
}

/** Replaces a message held in the window (an edit, a deletion, a reaction); others untouched. */
export function replaceMessage(timeline: Timeline, id: string, change: (m: MessageView) => MessageView): Timeline {
  const index = timeline.messages.findIndex((m) => m.id === id);
  if (index < 0) return timeline;
  const messages = timeline.messages.slice();
  messages[index] = change(messages[index]!);
  return { ...timeline, messages };
}

interface PageQuery {
  before?: string;
  after?: string;
  limit?: number;
  thread?: string;
}

export function fetchPage(roomId: string, query: PageQuery, signal?: AbortSignal): Promise<MessageView[]> {
  return api<MessageView[]>(`/rooms/${roomId}/messages`, { query: { ...query, limit: query.limit ?? PAGE }, signal });
}

const nextSeq = (seq: string) => (BigInt(seq) + 1n).toString();

/** The newest page. */
export async function loadLatest(roomId: string, threadRootId: string | null, signal?: AbortSignal): Promise<Timeline> {
  const messages = await fetchPage(roomId, { thread: threadRootId ?? undefined }, signal);
  return { messages, hasOlder: messages.length === PAGE, hasNewer: false };
}

/** A page each side of a message (the message included), for a link to it. */
export async function loadAround(roomId: string, threadRootId: string | null, anchor: MessageView, signal?: AbortSignal): Promise<Timeline> {
  const thread = threadRootId ?? undefined;
  const [older, newer] = await Promise.all([fetchPage(roomId, { before: nextSeq(anchor.seq), thread }, signal), fetchPage(roomId, { after: anchor.seq, thread }, signal)]);
  return { messages: mergeMessages(older, newer), hasOlder: older.length === PAGE, hasNewer: newer.length === PAGE };
}

/** Live messages that came while the first page was loading are kept, so none falls between. */
export function withLive(queryClient: QueryClient, key: readonly unknown[], loaded: Timeline): Timeline {
  const current = queryClient.getQueryData<Timeline>(key);
  if (!current || loaded.hasNewer) return loaded;
  return { ...loaded, messages: mergeMessages(loaded.messages, current.messages) };
}

export async function loadOlder(queryClient: QueryClient, roomId: string, threadRootId: string | null): Promise<void> {
  const key = roomKeys.timeline(roomId, threadRootId);
  const held = queryClient.getQueryData<Timeline>(key);
  const first = held?.messages[0];
  if (!held || !first || !held.hasOlder) return;
  const page = await fetchPage(roomId, { before: first.seq, thread: threadRootId ?? undefined, limit: MAX_PAGE });
  queryClient.setQueryData<Timeline>(key, (t) => t && { ...t, messages: mergeMessages(t.messages, page), hasOlder: page.length === MAX_PAGE });
}

export async function loadNewer(queryClient: QueryClient, roomId: string, threadRootId: string | null): Promise<void> {
  const key = roomKeys.timeline(roomId, threadRootId);
  const held = queryClient.getQueryData<Timeline>(key);
  const after = held && lastSeq(held.messages);
  if (!held || !after || !held.hasNewer) return;
  const page = await fetchPage(roomId, { after, thread: threadRootId ?? undefined, limit: MAX_PAGE });
  queryClient.setQueryData<Timeline>(key, (t) => t && { ...t, messages: mergeMessages(t.messages, page), hasNewer: page.length === MAX_PAGE });
}

/**
 * After a reconnect: everything after the last seq held, page by page until caught up, merged by
 * id so nothing shows twice; then the newest page again, for edits, deletions and reactions made
 * while this client was away. A gap too long to page through starts over from the newest page.
 */
export async function catchUp(queryClient: QueryClient, roomId: string, threadRootId: string | null): Promise<void> {
  const key = roomKeys.timeline(roomId, threadRootId);
  const thread = threadRootId ?? undefined;
  const held = queryClient.getQueryData<Timeline>(key);
  if (!held || held.hasNewer) return;
  let after = lastSeq(held.messages);
  if (after === null) {
    const latest = await loadLatest(roomId, threadRootId);
    queryClient.setQueryData<Timeline>(key, (t) => (t ? { ...t, messages: mergeMessages(t.messages, latest.messages), hasOlder: latest.hasOlder } : t));
    return;
  }
  for (let pages = 0; ; pages++) {
    if (pages === MAX_CATCH_UP_PAGES) {
      const latest = await loadLatest(roomId, threadRootId);
      queryClient.setQueryData<Timeline>(key, withLive(queryClient, key, latest));
      return;
    }
    const page = await fetchPage(roomId, { after, thread, limit: MAX_PAGE });
    queryClient.setQueryData<Timeline>(key, (t) => t && { ...t, messages: mergeMessages(t.messages, page) });
    if (page.length < MAX_PAGE) break;
    after = page[page.length - 1]!.seq;
  }
  const fresh = await fetchPage(roomId, { thread, limit: PAGE });
  queryClient.setQueryData<Timeline>(key, (t) => t && { ...t, messages: mergeMessages(t.messages, fresh) });
}
