import type { QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/http';
import type { ChangesPage, MessageView } from '../../../api/types';

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
  /**
   * Every change to the room numbered up to this is reflected here: after a reconnect, the room's
   * change feed from this number fills the gap (new messages, edits, deletions, reactions).
   * Absent while unknown (a window still loading), when a reconnect reads the newest page again.
   */
  changeSeq?: string;
}

export const PAGE = 50;
const MAX_PAGE = 100;
/** Changes read per page of the room's change feed. */
const CHANGES_PAGE = 200;
/** Past this many pages of changes missed, a reconnect starts again from the newest page instead. */
const MAX_CATCH_UP_PAGES = 20;

export const roomKeys = {
  all: ['messenger', 'room'] as const,
  room: (roomId: string) => ['messenger', 'room', roomId] as const,
  members: (roomId: string) => ['messenger', 'room', roomId, 'members'] as const,
  timeline: (roomId: string, threadRootId: string | null = null) =>
    ['messenger', 'room', roomId, 'timeline', threadRootId ?? 'main'] as const,
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

/** Of two views of one message, whether `incoming` is not older than `held` (by the room's change number). */
export function isFresh(incoming: MessageView, held: MessageView): boolean {
  return compareSeq(incoming.changeSeq, held.changeSeq) >= 0;
}

/**
 * Where a window read in one request is known up to: the highest change number among its
 * messages. A change after that read takes a higher number than any committed before it, so the
 * feed from here misses none; changes to messages outside the window may come again, harmlessly.
 */
function changeSeqOf(messages: MessageView[]): string {
  return messages.reduce((max, m) => (compareSeq(m.changeSeq, max) > 0 ? m.changeSeq : max), '0');
}

/**
 * Live changes move a window's change number only one at a time: events may arrive out of
 * order (they come from several processes), and a number skipped here is read from the feed.
 */
export function advanceChangeSeq(timeline: Timeline, changeSeqs: string[]): Timeline {
  if (timeline.changeSeq === undefined) return timeline;
  let next = BigInt(timeline.changeSeq);
  for (const n of [...changeSeqs].map(BigInt).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)))
    if (n === next + 1n) next = n;
  const changeSeq = next.toString();
  return changeSeq === timeline.changeSeq ? timeline : { ...timeline, changeSeq };
}
/** Whether a window's change number stops short of a change seen live: one whose event is still on its way, or was lost. */
export function behind(timeline: Timeline, seen: string): boolean {
  return timeline.changeSeq !== undefined && compareSeq(timeline.changeSeq, seen) < 0;
}

/**
 * Merges messages into a window by id, in seq order; a message already held is replaced by the
 * incoming view unless that is older by change number (an edit, a reaction, a reply count, seen
 * before a stale copy of the message arrives). The common case, messages newer
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
  const changed = unique.filter((m) => {
    const held = byId.get(m.id);
    return !held || (held !== m && isFresh(m, held));
  });
  // Nothing new (a broadcast of what an ack already brought, or an older view): the same window, no re-render.
  if (changed.length === 0) return current;
  for (const m of changed) byId.set(m.id, m);
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
  return { messages, hasOlder: messages.length === PAGE, hasNewer: false, changeSeq: changeSeqOf(messages) };
}

/** A page each side of a message (the message included), for a link to it. */
export async function loadAround(
  roomId: string,
  threadRootId: string | null,
  anchor: MessageView,
  signal?: AbortSignal,
): Promise<Timeline> {
  const thread = threadRootId ?? undefined;
  const [older, newer] = await Promise.all([
    fetchPage(roomId, { before: nextSeq(anchor.seq), thread }, signal),
    fetchPage(roomId, { after: anchor.seq, thread }, signal),
  ]);
  // Two reads, two moments: the window is known up to the lower of what each saw.
  const known =
    [older, newer]
      .filter((page) => page.length > 0)
      .map(changeSeqOf)
      .sort(compareSeq)[0] ?? '0';
  return {
    messages: mergeMessages(older, newer),
    hasOlder: older.length === PAGE,
    hasNewer: newer.length === PAGE,
    changeSeq: known,
  };
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
  queryClient.setQueryData<Timeline>(
    key,
    (t) => t && { ...t, messages: mergeMessages(t.messages, page), hasOlder: page.length === MAX_PAGE },
  );
}

export async function loadNewer(queryClient: QueryClient, roomId: string, threadRootId: string | null): Promise<void> {
  const key = roomKeys.timeline(roomId, threadRootId);
  const held = queryClient.getQueryData<Timeline>(key);
  const after = held && lastSeq(held.messages);
  if (!held || !after || !held.hasNewer) return;
  const page = await fetchPage(roomId, { after, thread: threadRootId ?? undefined, limit: MAX_PAGE });
  queryClient.setQueryData<Timeline>(
    key,
    (t) => t && { ...t, messages: mergeMessages(t.messages, page), hasNewer: page.length === MAX_PAGE },
  );
}

export function fetchChanges(roomId: string, after: string, signal?: AbortSignal): Promise<ChangesPage> {
  return api<ChangesPage>(`/rooms/${roomId}/changes`, { query: { after, limit: CHANGES_PAGE }, signal });
}

/**
 * A page of the room's change feed applied to one window: a message it holds takes the newer
 * view (edited, deleted, reacted to); a new message of this timeline joins it where the window
 * reaches; the rest (other threads, history outside the window) is not this window's.
 */
export function applyChanges(timeline: Timeline, threadRootId: string | null, page: ChangesPage): Timeline {
  const held = new Set(timeline.messages.map((m) => m.id));
  const first = timeline.messages[0]?.seq ?? null;
  const tail = lastSeq(timeline.messages);
  const fits = (m: MessageView) =>
    held.has(m.id) ||
    (m.threadRootId === threadRootId &&
      (!timeline.hasOlder || first === null || compareSeq(m.seq, first) > 0) &&
      (!timeline.hasNewer || (tail !== null && compareSeq(m.seq, tail) < 0)));
  const messages = mergeMessages(timeline.messages, page.changes.filter(fits));
  const newest =
    threadRootId === null
      ? page.changes
          .map((m) => m.seq)
          .sort(compareSeq)
          .pop()
      : undefined;
  const latestSeq =
    newest && (!timeline.latestSeq || compareSeq(newest, timeline.latestSeq) > 0) ? newest : timeline.latestSeq;
  const changeSeq =
    timeline.changeSeq && compareSeq(timeline.changeSeq, page.lastChangeSeq) > 0
      ? timeline.changeSeq
      : page.lastChangeSeq;
  return { ...timeline, messages, latestSeq, changeSeq };
}

/**
 * After a reconnect: the room's change feed from the window's change number, page by page, so
 * what came, was edited, deleted or reacted to while this client was away is applied exactly
 * (each message once, its newest view kept). A window whose number is unknown, or a gap too long
 * to page through, starts over from the newest page.
 */
export async function catchUp(queryClient: QueryClient, roomId: string, threadRootId: string | null): Promise<void> {
  const key = roomKeys.timeline(roomId, threadRootId);
  const held = queryClient.getQueryData<Timeline>(key);
  if (!held) return;
  let after = held.changeSeq;
  for (let pages = 0; after !== undefined && pages < MAX_CATCH_UP_PAGES; pages++) {
    const page = await fetchChanges(roomId, after);
    queryClient.setQueryData<Timeline>(key, (t) => t && applyChanges(t, threadRootId, page));
    // A single message open elsewhere (a thread's root, a linked message) follows too.
    for (const m of page.changes)
      queryClient.setQueryData<MessageView>(roomKeys.message(m.id), (h) => (h && isFresh(m, h) ? m : h));
    if (!page.hasMore) return;
    after = page.lastChangeSeq;
  }
  const latest = await loadLatest(roomId, threadRootId);
  const tail = lastSeq(latest.messages);
  // Live messages that came while the page was read stay; what the window held before is dropped, as it may be stale.
  queryClient.setQueryData<Timeline>(key, (t) => ({
    ...latest,
    latestSeq: t?.latestSeq,
    messages: mergeMessages(
      latest.messages,
      (t?.messages ?? []).filter((m) => tail === null || compareSeq(m.seq, tail) > 0),
    ),
  }));
}
