import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeResponse, MessageView, RoomView } from '../../../api/types';
import { ErrorAlert, Loading } from '../../../ui/components';
import { Composer, type ComposerHandle } from './Composer';
import { MessageItem } from './MessageItem';
import { MessageList } from './MessageList';
import type { MentionContext } from './MessageBody';
import type { Person } from './people';
import { useMessage, useTimeline } from './queries';
import { DropZone } from './RoomParts';
import { roomKeys, type Timeline } from './timeline';
import type { RoomMemberView } from './types';

export interface RoomContext {
  roomId: string;
  room: RoomView;
  me: MeResponse;
  members: RoomMemberView[] | undefined;
  people: Map<string, Person>;
  mentions: MentionContext;
  readOnly: boolean;
  showAgency: boolean;
  roomName: string;
  onShowReaders: (message: MessageView) => void;
}

/** A thread beside the room: its root, its replies (a history of their own) and a composer for replies. */
export function ThreadPanel({
  context,
  rootId,
  anchorId,
  onClose,
}: {
  context: RoomContext;
  rootId: string;
  anchorId: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('room');
  const queryClient = useQueryClient();
  const titleId = useId();
  const composer = useRef<ComposerHandle>(null);
  const [sent, setSent] = useState(0);
  const root = useMessage(rootId, () =>
    queryClient.getQueryData<Timeline>(roomKeys.timeline(context.roomId))?.messages.find((m) => m.id === rootId),
  );
  const timeline = useTimeline(context.roomId, rootId, anchorId);
  const { onShowReaders } = context;
  const showReaders = useCallback(
    (id: string) => {
      const message =
        queryClient
          .getQueryData<Timeline>(roomKeys.timeline(context.roomId, rootId))
          ?.messages.find((m) => m.id === id) ?? queryClient.getQueryData<MessageView>(roomKeys.message(id));
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
        people={context.people}
        inThread
        active={false}
        focusable
        highlighted={false}
        readOnly={context.readOnly}
        showAgency={context.showAgency}
        onShowReaders={() => context.onShowReaders(root.data)}
      />
      <p className="thread__count subtle">
        {root.data.replyCount > 0 ? t('thread.replies', { count: root.data.replyCount }) : t('thread.noReplies')}
      </p>
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
            sentCount={sent}
          />
        )}
        {!context.readOnly && (
          <Composer
            ref={composer}
            roomId={context.roomId}
            threadRootId={rootId}
            meId={context.me.id}
            members={context.members ?? []}
            disabled={false}
            onSent={() => setSent((n) => n + 1)}
          />
        )}
      </DropZone>
    </aside>
  );
}
