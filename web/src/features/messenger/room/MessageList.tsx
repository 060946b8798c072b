import { useQueryClient } from '@tanstack/react-query';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../../api/types';
import { formatDay, localDay } from '../../../ui/format';
import { type MentionContext } from './MessageBody';
import { Icon } from './Icon';
import { MessageItem } from './MessageItem';
import { discard, retry, usePending, type PendingMessage } from './outbox';
import { usePeople } from './people';
import { compareSeq, loadNewer, loadOlder, type Timeline } from './timeline';
import type { RoomMemberView } from './types';
import { useSocket } from '../../../app/session-context';
import { errorText } from '../../../api/errors';
import { formatBytes } from '../../../ui/format';

/** Consecutive messages of one sender within this long read as one group. */
const GROUP_MS = 5 * 60_000;

type Row =
  | { kind: 'top'; key: 'top' }
  | { kind: 'day'; key: string; label: string }
  | { kind: 'unread'; key: 'unread' }
  | { kind: 'message'; key: string; message: MessageView; grouped: boolean; lastOfGroup: boolean }
  | { kind: 'pending'; key: string; item: PendingMessage };

// A message's local day and time, worked out once per message view (a history is rebuilt on every new message).
const stamps = new WeakMap<MessageView, { day: string; at: number }>();
function stamp(message: MessageView): { day: string; at: number } {
  let found = stamps.get(message);
  if (!found) {
    found = { day: localDay(message.createdAt), at: Date.parse(message.createdAt) };
    stamps.set(message, found);
  }
  return found;
}

function buildRows(
  messages: MessageView[],
  pending: PendingMessage[],
  unread: { after: string; upTo: string } | null,
  meId: string,
): Row[] {
  const rows: Row[] = [{ kind: 'top', key: 'top' }];
  let day: string | null = null;
  let previous: MessageView | null = null;
  let unreadPlaced = unread === null;
  for (const message of messages) {
    const { day: today, at } = stamp(message);
    if (today !== day) {
      rows.push({ kind: 'day', key: `day-${today}`, label: formatDay(message.createdAt) });
      day = today;
      previous = null;
    }
    if (
      !unreadPlaced &&
      unread &&
      compareSeq(message.seq, unread.after) > 0 &&
      compareSeq(message.seq, unread.upTo) <= 0 &&
      message.senderId !== meId
    ) {
      rows.push({ kind: 'unread', key: 'unread' });
      unreadPlaced = true;
      previous = null;
    }
    const grouped =
      previous !== null &&
      previous.senderId === message.senderId &&
      previous.kind === message.kind &&
      message.kind !== 'system' &&
      at - stamp(previous).at < GROUP_MS;
    const prior = rows[rows.length - 1];
    if (grouped && prior?.kind === 'message') rows[rows.length - 1] = { ...prior, lastOfGroup: false };
    rows.push({ kind: 'message', key: message.id, message, grouped, lastOfGroup: true });
    previous = message;
  }
  const held = new Set(messages.map((m) => m.clientMessageId).filter(Boolean));
  for (const item of pending)
    if (!held.has(item.clientMessageId)) rows.push({ kind: 'pending', key: `pending-${item.clientMessageId}`, item });
  return rows;
}

function estimate(row: Row | undefined): number {
  switch (row?.kind) {
    case 'top':
      return 56;
    case 'day':
    case 'unread':
      return 44;
    case 'message':
      return row.grouped ? 32 : 68;
    default:
      return 56;
  }
}

/** How many of the others have read each of my messages: from the members' read markers. */
function readCounter(members: RoomMemberView[] | undefined, meId: string) {
  const others = (members ?? []).filter((m) => m.userId !== meId).map((m) => m.lastReadSeq);
  others.sort(compareSeq);
  return (seq: string) => {
    // The first marker at or past seq; all after it have read it too.
    let low = 0;
    let high = others.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (compareSeq(others[mid]!, seq) < 0) low = mid + 1;
      else high = mid;
    }
    return { count: others.length - low, total: others.length };
  };
}

const readProps = (read: { count: number; total: number }) => ({ readCount: read.count, readTotal: read.total });

const PendingItem = memo(function PendingItem({ item }: { item: PendingMessage }) {
  const { t, i18n } = useTranslation('room');
  const queryClient = useQueryClient();
  const socket = useSocket();
  return (
    <div
      className={`message message--mine message--pending${item.status === 'failed' ? ' message--failed' : ''}`}
      aria-busy={item.status === 'sending'}
    >
      <div className="message__gutter" aria-hidden="true" />
      <div className="message__main">
        {item.body && <div className="message__body">{item.body}</div>}
        {item.files.length > 0 && (
          <ul className="attachments">
            {item.files.map((file) => (
              <li key={file.id} className="attachment">
                <div className="attachment__row">
                  <span className="attachment__icon">
                    <Icon name="file" />
                  </span>
                  <span className="attachment__name">{file.name}</span>
                  <span className="attachment__size subtle">{formatBytes(file.size)}</span>
                </div>
              </li>
            ))}
          </ul>
        )}
        {item.status === 'sending' ? (
          <p className="message__status subtle">{t('composer.sending')}</p>
        ) : (
          <div className="message__status message__status--failed" role="alert">
            <span>
              {t('composer.failed')} {item.error && errorText(item.error, i18n.language)}
            </span>
            <button
              type="button"
              className="btn btn--secondary btn--small"
              onClick={() => retry(queryClient, socket, item.clientMessageId)}
            >
              {t('composer.retry')}
            </button>
            <button
              type="button"
              className="btn btn--tertiary btn--small"
              onClick={() => discard(item.clientMessageId)}
            >
              {t('composer.discard')}
            </button>
          </div>
        )}
      </div>
    </div>
  );
});

export interface MessageListProps {
  roomId: string;
  threadRootId: string | null;
  timeline: Timeline;
  meId: string;
  members: RoomMemberView[] | undefined;
  mentions: MentionContext;
  /** The linked message: scrolled to, marked and focused once it is here. */
  highlightId: string | null;
  /** Scrolled to but neither marked nor focused (a linked reply's root, beside its thread). */
  scrollToId?: string | null;
  /** What was unread when the room was opened: a line marks where it starts. */
  unread: { after: string; upTo: string } | null;
  readOnly: boolean;
  showAgency: boolean;
  label: string;
  /** Shown above the first message (a thread's root). */
  header?: ReactNode;
  onOpenThread?: (rootId: string) => void;
  onShowReaders: (messageId: string) => void;
  /** Whether the newest message is in view (for read markers). */
  onAtEnd?: (atEnd: boolean) => void;
  onEscape?: () => void;
  /** Leaves a window opened around a linked message for the newest messages. */
  onJumpLatest?: () => void;
  /** Changes when the person sent something: the list goes to its end, where that message is. */
  sentCount?: number;
}

/**
 * The history, virtualised: only the rows in view (and a few around) are in the DOM, so a room of
 * 10,000 messages opens and scrolls like one of ten. It stays at the newest message while one is
 * there, keeps its place when older pages load above, and loads pages as one scrolls toward
 * either end. A roving tabindex makes it one stop for Tab; the arrow keys move between messages.
 */
export function MessageList(props: MessageListProps) {
  const {
    roomId,
    threadRootId,
    timeline,
    meId,
    members,
    mentions,
    highlightId,
    scrollToId,
    unread,
    readOnly,
    showAgency,
    label,
    header,
    onOpenThread,
    onShowReaders,
    onAtEnd,
    onEscape,
    onJumpLatest,
    sentCount = 0,
  } = props;
  const { t } = useTranslation('room');
  const queryClient = useQueryClient();
  const allPending = usePending();
  const scroller = useRef<HTMLDivElement>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [focusWithin, setFocusWithin] = useState(false);
  const [loading, setLoading] = useState<'older' | 'newer' | null>(null);
  const [atEnd, setAtEnd] = useState(true);

  const pending = useMemo(
    () => (timeline.hasNewer ? [] : allPending.filter((p) => p.roomId === roomId && p.threadRootId === threadRootId)),
    [allPending, roomId, threadRootId, timeline.hasNewer],
  );
  const rows = useMemo(
    () => buildRows(timeline.messages, pending, unread, meId),
    [timeline.messages, pending, unread, meId],
  );
  const { people } = usePeople(members);
  const readBy = useMemo(() => readCounter(members, meId), [members, meId]);
  const messageIndex = useMemo(() => {
    const index = new Map<string, number>();
    rows.forEach((row, i) => row.kind === 'message' && index.set(row.message.id, i));
    return index;
  }, [rows]);
  const lastMessageId = timeline.messages[timeline.messages.length - 1]?.id ?? null;
  const focusId =
    activeId && messageIndex.has(activeId)
      ? activeId
      : highlightId && messageIndex.has(highlightId)
        ? highlightId
        : lastMessageId;

  // The linked message and the one holding the focus stay in the DOM wherever the view is: the
  // link's mark and focus land at once, and the focus is never lost to a row scrolled away.
  const pinned = useMemo(
    () =>
      [highlightId, scrollToId, focusId]
        .map((id) => (id ? messageIndex.get(id) : undefined))
        .filter((i): i is number => i !== undefined),
    [highlightId, scrollToId, focusId, messageIndex],
  );
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      const extra = [...new Set(pinned)].filter((i) => i < range.count && !indexes.includes(i));
      return extra.length === 0 ? indexes : [...indexes, ...extra].sort((x, y) => x - y);
    },
    [pinned],
  );

  const virtualizer = useVirtualizer({
    count: rows.length,
    rangeExtractor,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => estimate(rows[index]),
    getItemKey: (index) => rows[index]!.key,
    overscan: 6,
    anchorTo: 'end',
    followOnAppend: !timeline.hasNewer,
    scrollEndThreshold: 48,
  });

  // Opening: at the linked message, else at the newest.
  const opened = useRef<string | null>(null);
  const [settled, setSettled] = useState(false);
  useLayoutEffect(() => {
    const wanted = highlightId ?? scrollToId ?? null;
    const target = wanted && messageIndex.has(wanted) ? wanted : null;
    const mark = `${roomId}|${threadRootId}|${target ?? 'end'}`;
    if (opened.current === mark || rows.length <= 1) return;
    opened.current = mark;
    if (target) virtualizer.scrollToIndex(messageIndex.get(target)!, { align: 'center' });
    else virtualizer.scrollToEnd();
    // Pages load as one scrolls toward an end, not while the list takes its first place.
    requestAnimationFrame(() => requestAnimationFrame(() => setSettled(true)));
  }, [highlightId, scrollToId, messageIndex, roomId, threadRootId, rows.length, virtualizer]);

  // The linked message takes the focus once it is on screen.
  const focused = useRef<string | null>(null);
  useEffect(() => {
    if (!highlightId || focused.current === highlightId || !messageIndex.has(highlightId)) return;
    let frames = 0;
    let handle = 0;
    const attempt = () => {
      const element = scroller.current?.querySelector<HTMLElement>(`[data-message-id="${highlightId}"]`);
      if (element) {
        focused.current = highlightId;
        setActiveId(highlightId);
        element.focus({ preventScroll: true });
      } else if (frames++ < 60) handle = requestAnimationFrame(attempt);
    };
    handle = requestAnimationFrame(attempt);
    return () => cancelAnimationFrame(handle);
  }, [highlightId, messageIndex]);

  // What I send shows at the end, wherever I had scrolled to.
  const lastSent = useRef(sentCount);
  useEffect(() => {
    if (sentCount === lastSent.current) return;
    lastSent.current = sentCount;
    if (timeline.hasNewer) onJumpLatest?.();
    else virtualizer.scrollToEnd();
  }, [sentCount, timeline.hasNewer, onJumpLatest, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;

  // Pages as one nears either end.
  useEffect(() => {
    if (loading || !settled || rows.length <= 1) return;
    let direction: 'older' | 'newer' | null = null;
    if (first <= 3 && timeline.hasOlder) direction = 'older';
    else if (lastIndex >= rows.length - 4 && timeline.hasNewer) direction = 'newer';
    if (!direction) return;
    setLoading(direction);
    const load = direction === 'older' ? loadOlder : loadNewer;
    load(queryClient, roomId, threadRootId)
      .catch(() => undefined)
      .finally(() => setLoading(null));
  }, [
    first,
    lastIndex,
    rows.length,
    timeline.hasOlder,
    timeline.hasNewer,
    loading,
    settled,
    queryClient,
    roomId,
    threadRootId,
  ]);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const end = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    setAtEnd((was) => (was === end ? was : end));
  }, []);
  useEffect(() => onAtEnd?.(atEnd && !timeline.hasNewer), [atEnd, timeline.hasNewer, onAtEnd]);

  const moveFocus = (index: number) => {
    const row = rows[index];
    if (row?.kind !== 'message') return;
    setActiveId(row.message.id);
    virtualizer.scrollToIndex(index, { align: 'auto' });
    // At once when the row is in the DOM (the next key press starts from it), else once it is drawn.
    let frames = 0;
    const attempt = () => {
      const element = scroller.current?.querySelector<HTMLElement>(`[data-message-id="${row.message.id}"]`);
      if (element) element.focus({ preventScroll: true });
      else if (frames++ < 30) requestAnimationFrame(attempt);
    };
    attempt();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    // Keys something inside already handled (an edit box's Escape, a picker's arrows) stop here.
    if (event.defaultPrevented) return;
    if (event.key === 'Escape' && onEscape) {
      event.preventDefault();
      onEscape();
      return;
    }
    if (!target.matches('[data-message-id]')) return;
    const current = messageIndex.get(target.dataset.messageId ?? '');
    if (current === undefined) return;
    const messageRows = [...messageIndex.values()];
    const at = messageRows.indexOf(current);
    let next: number | undefined;
    if (event.key === 'ArrowUp') next = messageRows[Math.max(0, at - 1)];
    else if (event.key === 'ArrowDown') next = messageRows[Math.min(messageRows.length - 1, at + 1)];
    else if (event.key === 'PageUp') next = messageRows[Math.max(0, at - 10)];
    else if (event.key === 'PageDown') next = messageRows[Math.min(messageRows.length - 1, at + 10)];
    else if (event.key === 'Home') next = messageRows[0];
    else if (event.key === 'End') next = messageRows[messageRows.length - 1];
    if (next === undefined) return;
    event.preventDefault();
    moveFocus(next);
  };

  const newCount = useMemo(() => {
    if (atEnd) return 0;
    // Messages from others below the view (an estimate from the rendered range).
    return rows.slice(lastIndex + 1).filter((r) => r.kind === 'message' && r.message.senderId !== meId).length;
  }, [atEnd, rows, lastIndex, meId]);

  return (
    <div className="timeline">
      <div
        ref={scroller}
        className="timeline__scroller"
        data-scroller=""
        role="log"
        aria-label={label}
        aria-live="off"
        onScroll={onScroll}
        onKeyDown={onKeyDown}
        onFocus={(event) => {
          setFocusWithin(true);
          const id = (event.target as HTMLElement).closest<HTMLElement>('[data-message-id]')?.dataset.messageId;
          if (id && id !== activeId) setActiveId(id);
        }}
        onBlur={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocusWithin(false);
        }}
      >
        <div className="timeline__inner" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index]!;
            return (
              <div
                key={item.key}
                ref={virtualizer.measureElement}
                data-index={item.index}
                className={`timeline__row timeline__row--${row.kind}`}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {row.kind === 'top' &&
                  (timeline.hasOlder ? (
                    <p className="timeline__edge subtle" role="status">
                      {loading === 'older' ? t('timeline.loadingOlder') : ''}
                    </p>
                  ) : (
                    <div className="timeline__edge">
                      {header}
                      {!header && (
                        <p className="subtle">
                          {timeline.messages.length === 0 ? t('timeline.empty') : t('timeline.start')}
                        </p>
                      )}
                    </div>
                  ))}
                {row.kind === 'day' && (
                  <div className="day-separator" role="separator" aria-label={row.label}>
                    <span>{row.label}</span>
                  </div>
                )}
                {row.kind === 'unread' && (
                  <div className="unread-separator" role="separator" aria-label={t('timeline.unread')}>
                    <span>{t('timeline.unread')}</span>
                  </div>
                )}
                {row.kind === 'message' && (
                  <MessageItem
                    message={row.message}
                    grouped={row.grouped}
                    meId={meId}
                    mentions={mentions}
                    people={people}
                    {...(row.message.senderId === meId && row.lastOfGroup && members
                      ? readProps(readBy(row.message.seq))
                      : {})}
                    inThread={threadRootId !== null}
                    active={row.message.id === focusId}
                    focusable={row.message.id === focusId && focusWithin}
                    highlighted={row.message.id === highlightId}
                    readOnly={readOnly}
                    showAgency={showAgency}
                    onOpenThread={onOpenThread}
                    onShowReaders={onShowReaders}
                  />
                )}
                {row.kind === 'pending' && <PendingItem item={row.item} />}
              </div>
            );
          })}
        </div>
      </div>
      {(newCount > 0 || (timeline.hasNewer && onJumpLatest && !loading)) && (
        <button
          type="button"
          className="btn btn--small timeline__jump"
          onClick={() => {
            if (timeline.hasNewer) onJumpLatest?.();
            else virtualizer.scrollToEnd();
          }}
        >
          {newCount > 0 && !timeline.hasNewer
            ? t('timeline.newMessages', { count: newCount })
            : t('timeline.jumpLatest')}{' '}
          <span aria-hidden="true">↓</span>
        </button>
      )}
    </div>
  );
}
