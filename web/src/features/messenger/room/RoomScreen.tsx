import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../../api/errors';
import type { MeResponse, MessageView, RoomView } from '../../../api/types';
import { useMe } from '../../../app/session-context';
import { Alert, ErrorAlert, Loading, useDocumentTitle } from '../../../ui/components';
import { Composer, type ComposerHandle } from './Composer';
import { mentionNames } from './completion';
import { MessageList } from './MessageList';
import { mentionKey, ROOM_WORDS, type MentionContext } from './MessageBody';
import { usePeople } from './people';
import { anchorIn, useAgencies, useMembers, useMessage, useRoom, useTimeline } from './queries';
import { MembersDialog, ReadersDialog } from './RoomDialogs';
import { RoomMatrix } from './RoomMatrix';
import { WebhooksDialog } from './RoomWebhooks';
import { DropZone, TypingIndicator, useAnnouncement, useMarkRead } from './RoomParts';
import { ThreadPanel, type RoomContext } from './ThreadPanel';
import { compareSeq, lastSeq, loadAround, loadLatest, roomKeys, withLive, type Timeline } from './timeline';
import type { RoomMemberView } from './types';
import './texts';
import './room.css';

function roomDisplayName(
  room: RoomView,
  members: RoomMemberView[] | undefined,
  meId: string,
  t: (key: string) => string,
): string {
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
        {missing ? (
          <Alert tone="warning">{t('header.notFound')}</Alert>
        ) : (
          <ErrorAlert error={room.error} onRetry={() => void room.refetch()} />
        )}
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
  const [showWebhooks, setShowWebhooks] = useState(false);
  const [readersOf, setReadersOf] = useState<MessageView | null>(null);
  const [atEnd, setAtEnd] = useState(true);
  const [sent, setSent] = useState(0);
  const [unread, setUnread] = useState<{ after: string; upTo: string } | null | undefined>(undefined);

  const roomName = roomDisplayName(room, members.data, me.id, t);
  useDocumentTitle(roomName);
  const readOnly = room.archived;
  const { people } = usePeople(members.data);
  const showAgency = room.kind === 'collaboration' || room.kind === 'direct';
  const mentions = useMemo<MentionContext>(() => {
    const known = mentionNames([...people.values()], agencies.data ?? []);
    const mine = new Set([mentionKey(me.login), ...ROOM_WORDS]);
    if (me.agency) mine.add(mentionKey(me.agency.name.replace(/\s+/g, '')));
    return { known, mine };
  }, [people, agencies.data, me.login, me.agency]);

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
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          next.set('thread', linked.threadRootId!);
          return next;
        },
        { replace: true },
      );
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
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        next.delete('message');
        return next;
      },
      { replace: true },
    );
    const key = roomKeys.timeline(roomId);
    void loadLatest(roomId, null).then((latest) =>
      queryClient.setQueryData<Timeline>(key, withLive(queryClient, key, latest)),
    );
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
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>(`.room__main [data-message-id="${rootId}"]`)?.focus(),
    );
  }, [setParams, threadId]);

  const data = timeline.data;
  const showReaders = useCallback(
    (id: string) => {
      const message = queryClient.getQueryData<Timeline>(roomKeys.timeline(roomId))?.messages.find((m) => m.id === id);
      if (message) setReadersOf(message);
    },
    [queryClient, roomId],
  );
  const newest =
    data && !data.hasNewer
      ? ([data.latestSeq, lastSeq(data.messages)]
          .filter((s): s is string => Boolean(s))
          .sort(compareSeq)
          .pop() ?? null)
      : null;
  useMarkRead(roomId, newest, atEnd);
  const announcement = useAnnouncement(data?.partial ? undefined : data?.messages, me.id);

  const context: RoomContext = {
    roomId,
    room,
    me,
    members: members.data,
    people,
    mentions,
    readOnly,
    showAgency,
    roomName,
    onShowReaders: setReadersOf,
  };
  const memberCount = members.data?.length;
  const owner = members.data?.some((m) => m.userId === me.id && m.role === 'owner') ?? false;
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
              <button
                type="button"
                className="room__members-button"
                onClick={() => setShowMembers(true)}
                aria-haspopup="dialog"
              >
                {t('header.members', { count: memberCount })}
              </button>
            )}
            {owner && !readOnly && (
              <button
                type="button"
                className="room__members-button"
                onClick={() => setShowWebhooks(true)}
                aria-haspopup="dialog"
              >
                {t('open', { ns: 'room-webhooks' })}
              </button>
            )}
            <RoomMatrix roomId={roomId} />
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
              sentCount={sent}
            />
          )}
          <TypingIndicator roomId={roomId} people={people} meId={me.id} />
          {readOnly ? (
            <p className="room__archived">{t('header.archivedNotice')}</p>
          ) : (
            <Composer
              ref={composer}
              roomId={roomId}
              threadRootId={null}
              meId={me.id}
              members={members.data ?? []}
              disabled={false}
              onSent={() => setSent((n) => n + 1)}
            />
          )}
        </DropZone>
        {threadId && (
          <ThreadPanel
            key={threadId}
            context={context}
            rootId={threadId}
            anchorId={anchor.data?.threadRootId === threadId ? anchorId : null}
            onClose={closeThread}
          />
        )}
      </div>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
      {showWebhooks && <WebhooksDialog roomId={roomId} onClose={() => setShowWebhooks(false)} />}
      {showMembers && members.data && (
        <MembersDialog members={members.data} meId={me.id} onClose={() => setShowMembers(false)} />
      )}
      {readersOf && members.data && (
        <ReadersDialog
          messageId={readersOf.id}
          senderId={readersOf.senderId}
          members={members.data}
          meId={me.id}
          onClose={() => setReadersOf(null)}
        />
      )}
    </section>
  );
}
