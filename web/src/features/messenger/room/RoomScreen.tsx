import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../../api/errors';
import type { MeResponse, MessageView, RoomView } from '../../../api/types';
import { useMe, useSocket } from '../../../app/session-context';
import { Alert, ErrorAlert, Loading, useDocumentTitle } from '../../../ui/components';
import { Composer, type ComposerHandle } from './Composer';
import { mentionNames } from './completion';
import { MessageItem } from './MessageItem';
import { MessageList } from './MessageList';
import { mentionKey, ROOM_WORDS, type MentionContext } from './MessageBody';
import { anchorIn, useAgencies, useMembers, useMessage, useRoom, useTimeline } from './queries';
import { MembersDialog, ReadersDialog } from './RoomDialogs';
import { compareSeq, lastSeq, loadAround, loadLatest, roomKeys, withLive, type Timeline } from './timeline';
import type { RoomMemberView } from './types';
import './texts';
import './room.css';

function useVisible(): boolean {
  return useSyncExternalStore(
    (listener) => {
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
    () => document.visibilityState === 'visible',
  );
}

/** Marks the room read up to its newest message while that message is in view and the tab is visible. */
function useMarkRead(roomId: string, seq: string | null, inView: boolean) {
  const socket = useSocket();
  const visible = useVisible();
  const sent = useRef('0');
  useEffect(() => {
    if (!socket || !seq || !inView || !visible || compareSeq(seq, sent.current) <= 0) return;
    sent.current = seq;
    socket.emit('room.read', { roomId, seq }, (reply) => {
      if (!reply.ok) sent.current = '0';
    });
  }, [socket, roomId, seq, inView, visible]);
}

/** Others' new messages, read out through a polite live region (one line, not the whole list again). */
function useAnnouncement(messages: MessageView[] | undefined, meId: string): string {
  const { t } = useTranslation('room');
  const [text, setText] = useState('');
  const last = useRef<string | null>(null);
  const newest = messages ? lastSeq(messages) : null;
  useEffect(() => {
    if (!messages || !newest) return;
    const previous = last.current;
    last.current = newest;
    if (previous === null || compareSeq(newest, previous) <= 0) return;
    const fresh = messages.filter((m) => compareSeq(m.seq, previous) > 0 && m.senderId !== meId);
    if (fresh.length === 1) {
      const m = fresh[0]!;
      setText(t('timeline.announce', { name: m.senderName ?? t('timeline.unknownSender'), text: m.body || t('timeline.attachmentsOnly', { count: m.attachments.length }) }));
    } else if (fresh.length > 1) setText(t('timeline.announceMany', { count: fresh.length }));
  }, [messages, newest, meId, t]);
  return text;
}

function TypingIndicator({ roomId, members, meId }: { roomId: string; members: Map<string, RoomMemberView>; meId: string }) {
  const { t } = useTranslation('room');
  const socket = useSocket();
  const [typing, setTyping] = useState<Record<string, number>>({});
  useEffect(() => {
    if (!socket) return;
    const onTyping = (event: { roomId: string; userId: string }) => {
      if (event.roomId === roomId && event.userId !== meId) setTyping((now) => ({ ...now, [event.userId]: Date.now() + 5_000 }));
    };
    const onCreated = (event: { roomId: string; messages: MessageView[] }) => {
      if (event.roomId !== roomId) return;
      setTyping((now) => {
        const next = { ...now };
        for (const m of event.messages) if (m.senderId) delete next[m.senderId];
        return next;
      });
    };
    socket.on('typing', onTyping);
    socket.on('messages.created', onCreated);
    return () => {
      socket.off('typing', onTyping);
      socket.off('messages.created', onCreated);
    };
  }, [socket, roomId, meId]);
  const active = Object.entries(typing).filter(([, until]) => until > Date.now());
  useEffect(() => {
    if (active.length === 0) return;
    const next = Math.min(...active.map(([, until]) => until)) - Date.now();
    const timer = setTimeout(() => setTyping((now) => Object.fromEntries(Object.entries(now).filter(([, until]) => until > Date.now()))), Math.max(100, next));
    return () => clearTimeout(timer);
  }, [active]);
  const names = active.map(([id]) => members.get(id)?.displayName).filter((n): n is string => Boolean(n));
  return (
    <p className="typing subtle" aria-live="off">
      {names.length === 1 ? t('composer.typingOne', { name: names[0] }) : names.length > 1 ? t('composer.typingMany') : ''}
    </p>
  );
}

function DropZone({ onFiles, children, className }: { onFiles: (files: File[]) => void; children: ReactNode; className: string }) {
  const { t } = useTranslation('room');
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const hasFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');
  return (
    <div
      className={className}
      onDragEnter={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        depth.current++;
        setOver(true);
      }}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.stopPropagation();
        depth.current = 0;
        setOver(false);
        onFiles([...event.dataTransfer.files]);
      }}
    >
      {children}
      {over && (
        <div className="drop-overlay" aria-hidden="true">
          <p>{t('composer.dropHere')}</p>
        </div>
      )}
    </div>
  );
}

interface RoomContext {
  roomId: string;
  room: RoomView;
  me: MeResponse;
  members: RoomMemberView[] | undefined;
  membersById: Map<string, RoomMemberView>;
  mentions: MentionContext;
  readOnly: boolean;
  showAgency: boolean;
  roomName: string;
  onShowReaders: (message: MessageView) => void;
}

function ThreadPanel({ context, rootId, anchorId, onClose }: { context: RoomContext; rootId: string; anchorId: string | null; onClose: () => void }) {
  const { t } = useTranslation('room');
  const queryClient = useQueryClient();
  const titleId = useId();
  const composer = useRef<ComposerHandle>(null);
  const root = useMessage(rootId, () => queryClient.getQueryData<Timeline>(roomKeys.timeline(context.roomId))?.messages.find((m) => m.id === rootId));
  const timeline = useTimeline(context.roomId, rootId, anchorId);
  const { onShowReaders } = context;
  const showReaders = useCallback(
    (id: string) => {
      const message = queryClient.getQueryData<Timeline>(roomKeys.timeline(context.roomId, rootId))?.messages.find((m) => m.id === id) ?? queryClient.getQueryData<MessageView>(roomKeys.message(id));
      if (message) onShowReaders(message);
    },
    [queryClient, context.roomId, rootId, onShowReaders],
  );
  useEffect(() => {
    if (!anchorId) composer.current?.focus();
  }, [rootId, anchorId]);
  const header = root.data ? (
    <div className="thread__root">
      <MessageItem
        message={root.data}
        grouped={false}
        meId={context.me.id}
        mentions={context.mentions}
        members={context.membersById}
        inThread
        active={false}
        focusable
        highlighted={false}
        readOnly={context.readOnly}
        showAgency={context.showAgency}
        onShowReaders={() => context.onShowReaders(root.data)}
      />
      <p className="thread__count subtle">{root.data.replyCount > 0 ? t('thread.replies', { count: root.data.replyCount }) : t('thread.noReplies')}</p>
    </div>
  ) : null;
  return (
    <aside
      className="thread"
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <div className="thread__header">
        <h2 id={titleId}>{t('thread.title')}</h2>
        <button type="button" className="btn btn--tertiary btn--small" onClick={onClose}>
          {t('thread.close')}
        </button>
      </div>
      <DropZone className="thread__body" onFiles={(files) => composer.current?.addFiles(files)}>
        {timeline.isError ? (
          <ErrorAlert error={timeline.error} onRetry={() => void timeline.refetch()} />
        ) : !timeline.data || timeline.data.partial ? (
          <Loading />
        ) : (
          <MessageList
            key={`${context.roomId}-${rootId}`}
            roomId={context.roomId}
            threadRootId={rootId}
            timeline={timeline.data}
            meId={context.me.id}
            members={context.members}
            mentions={context.mentions}
            highlightId={anchorId}
            unread={null}
            readOnly={context.readOnly}
            showAgency={context.showAgency}
            label={t('thread.title')}
            header={header}
            onShowReaders={showReaders}
          />
        )}
        {!context.readOnly && <Composer ref={composer} roomId={context.roomId} threadRootId={rootId} meId={context.me.id} members={context.members ?? []} disabled={false} />}
      </DropZone>
    </aside>
  );
}

function roomDisplayName(room: RoomView, members: RoomMemberView[] | undefined, meId: string, t: (key: string) => string): string {
  if (room.kind === 'direct') {
    const other = members?.find((m) => m.userId !== meId) ?? members?.[0];
    return other?.displayName ?? t('kind.direct');
  }
  return room.name ?? t('header.noName');
}

/** One room: its header, the history, the composer, and a thread beside it. */
export function RoomScreen({ roomId }: { roomId: string }) {
  const { t } = useTranslation('room');
  const me = useMe().data;
  const room = useRoom(roomId);
  if (room.isError) {
    const missing = room.error instanceof ApiError && room.error.status === 404;
    return (
      <section className="room room--message" aria-labelledby="room-missing">
        <h1 id="room-missing">{missing ? t('header.notFoundTitle') : t('timeline.loadFailed')}</h1>
        {missing ? <Alert tone="warning">{t('header.notFound')}</Alert> : <ErrorAlert error={room.error} onRetry={() => void room.refetch()} />}
      </section>
    );
  }
  if (!me || !room.data) {
    return (
      <section className="room room--message">
        <Loading />
      </section>
    );
  }
  return <OpenRoom roomId={roomId} room={room.data} me={me} />;
}

function OpenRoom({ roomId, room, me }: { roomId: string; room: RoomView; me: MeResponse }) {
  const { t } = useTranslation('room');
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const anchorId = params.get('message');
  const threadId = params.get('thread');
  const members = useMembers(roomId);
  const agencies = useAgencies(true);
  const timeline = useTimeline(roomId, null, anchorId);
  const anchor = useMessage(anchorId);
  const composer = useRef<ComposerHandle>(null);
  const titleId = useId();
  const [showMembers, setShowMembers] = useState(false);
  const [readersOf, setReadersOf] = useState<MessageView | null>(null);
  const [atEnd, setAtEnd] = useState(true);
  const [unread, setUnread] = useState<{ after: string; upTo: string } | null | undefined>(undefined);

  const roomName = roomDisplayName(room, members.data, me.id, t);
  useDocumentTitle(roomName);
  const readOnly = room.archived;
  const membersById = useMemo(() => new Map((members.data ?? []).map((m) => [m.userId, m])), [members.data]);
  const showAgency = room.kind === 'collaboration' || room.kind === 'direct';
  const mentions = useMemo<MentionContext>(() => {
    const known = mentionNames(members.data ?? [], agencies.data ?? []);
    const mine = new Set([mentionKey(me.login), ...ROOM_WORDS]);
    if (me.agency) mine.add(mentionKey(me.agency.name.replace(/\s+/g, '')));
    return { known, mine };
  }, [members.data, agencies.data, me.login, me.agency]);

  // What was unread as the room opened (after my read marker, up to the newest message then):
  // a line marks where it starts. Messages that come in while the room is open are not behind it.
  const opening = timeline.data && !timeline.data.partial ? lastSeq(timeline.data.messages) : undefined;
  useEffect(() => {
    if (unread !== undefined || !members.data || opening === undefined) return;
    const after = members.data.find((m) => m.userId === me.id)?.lastReadSeq;
    setUnread(after && opening && compareSeq(opening, after) > 0 ? { after, upTo: opening } : null);
  }, [members.data, me.id, unread, opening]);

  // A link to a message in a thread opens that thread.
  useEffect(() => {
    const linked = anchor.data;
    if (linked?.threadRootId && linked.roomId === roomId && threadId !== linked.threadRootId) {
      setParams((p) => {
        const next = new URLSearchParams(p);
        next.set('thread', linked.threadRootId!);
        return next;
      }, { replace: true });
    }
  }, [anchor.data, roomId, threadId, setParams]);

  // A link to a message not in the window held: the history around it replaces the window.
  const placed = useRef<string | null>(null);
  useEffect(() => {
    if (!anchorId || !timeline.data || timeline.data.partial || placed.current === anchorId) return;
    placed.current = anchorId;
    const key = roomKeys.timeline(roomId);
    void anchorIn(queryClient, anchorId, null).then(async (target) => {
      if (!target || target.roomId !== roomId) return;
      if (queryClient.getQueryData<Timeline>(key)?.messages.some((m) => m.id === target.id)) return;
      const around = await loadAround(roomId, null, target);
      queryClient.setQueryData<Timeline>(key, withLive(queryClient, key, around));
    });
  }, [anchorId, timeline.data, roomId, queryClient]);

  const jumpToLatest = useCallback(() => {
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.delete('message');
      return next;
    }, { replace: true });
    const key = roomKeys.timeline(roomId);
    void loadLatest(roomId, null).then((latest) => queryClient.setQueryData<Timeline>(key, withLive(queryClient, key, latest)));
  }, [roomId, queryClient, setParams]);

  const openThread = useCallback(
    (rootId: string) =>
      setParams((p) => {
        const next = new URLSearchParams(p);
        next.set('thread', rootId);
        return next;
      }),
    [setParams],
  );
  const closeThread = useCallback(() => {
    const rootId = threadId;
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.delete('thread');
      return next;
    });
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`.room__main [data-message-id="${rootId}"]`)?.focus());
  }, [setParams, threadId]);

  const data = timeline.data;
  const showReaders = useCallback(
    (id: string) => {
      const message = queryClient.getQueryData<Timeline>(roomKeys.timeline(roomId))?.messages.find((m) => m.id === id);
      if (message) setReadersOf(message);
    },
    [queryClient, roomId],
  );
  const newest = data && !data.hasNewer ? [data.latestSeq, lastSeq(data.messages)].filter((s): s is string => Boolean(s)).sort(compareSeq).pop() ?? null : null;
  useMarkRead(roomId, newest, atEnd);
  const announcement = useAnnouncement(data?.partial ? undefined : data?.messages, me.id);

  const context: RoomContext = { roomId, room, me, members: members.data, membersById, mentions, readOnly, showAgency, roomName, onShowReaders: setReadersOf };
  const memberCount = members.data?.length;
  const anchorMissing = anchorId && anchor.isError;

  return (
    <section className={`room${threadId ? ' room--thread-open' : ''}`} aria-labelledby={titleId}>
      <header className="room__header">
        <div className="room__title">
          <h1 id={titleId}>{roomName}</h1>
          <p className="room__facts">
            <span className="badge badge--muted">{t(`kind.${room.kind}`)}</span>
            {readOnly && <span className="badge badge--danger">{t('header.archived')}</span>}
            {memberCount !== undefined && (
              <button type="button" className="room__members-button" onClick={() => setShowMembers(true)} aria-haspopup="dialog">
                {t('header.members', { count: memberCount })}
              </button>
            )}
            {room.topic && <span className="room__topic subtle">{room.topic}</span>}
          </p>
        </div>
      </header>
      <div className="room__body">
        <DropZone className="room__main" onFiles={(files) => composer.current?.addFiles(files)}>
          {anchorMissing && <Alert tone="warning">{t('timeline.messageGone')}</Alert>}
          {timeline.isError ? (
            <div className="room__state">
              <ErrorAlert error={timeline.error} onRetry={() => void timeline.refetch()} />
            </div>
          ) : !data || data.partial ? (
            <div className="room__state">
              <Loading />
            </div>
          ) : (
            <MessageList
              key={roomId}
              roomId={roomId}
              threadRootId={null}
              timeline={data}
              meId={me.id}
              members={members.data}
              mentions={mentions}
              highlightId={anchorId && !anchor.data?.threadRootId ? anchorId : null}
              scrollToId={anchor.data?.threadRootId ?? null}
              unread={unread ?? null}
              readOnly={readOnly}
              showAgency={showAgency}
              label={t('timeline.label')}
              onOpenThread={openThread}
              onShowReaders={showReaders}
              onAtEnd={setAtEnd}
              onEscape={() => composer.current?.focus()}
              onJumpLatest={jumpToLatest}
            />
          )}
          <TypingIndicator roomId={roomId} members={membersById} meId={me.id} />
          {readOnly ? (
            <p className="room__archived">{t('header.archivedNotice')}</p>
          ) : (
            <Composer ref={composer} roomId={roomId} threadRootId={null} meId={me.id} members={members.data ?? []} disabled={false} />
          )}
        </DropZone>
        {threadId && <ThreadPanel key={threadId} context={context} rootId={threadId} anchorId={anchor.data?.threadRootId === threadId ? anchorId : null} onClose={closeThread} />}
      </div>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
      {showMembers && members.data && <MembersDialog members={members.data} meId={me.id} onClose={() => setShowMembers(false)} />}
      {readersOf && members.data && <ReadersDialog messageId={readersOf.id} senderId={readersOf.senderId} members={members.data} meId={me.id} onClose={() => setReadersOf(null)} />}
    </section>
  );
}
