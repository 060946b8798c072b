import { useEffect, useRef, useState, useSyncExternalStore, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../../api/types';
import { useSocket } from '../../../app/session-context';
import type { Person } from './people';
import { compareSeq, lastSeq } from './timeline';

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
export function useMarkRead(roomId: string, seq: string | null, inView: boolean) {
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
export function useAnnouncement(messages: MessageView[] | undefined, meId: string): string {
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
      setText(
        t('timeline.announce', {
          name: m.senderName ?? t('timeline.unknownSender'),
          text: m.body || t('timeline.attachmentsOnly', { count: m.attachments.length }),
        }),
      );
    } else if (fresh.length > 1) setText(t('timeline.announceMany', { count: fresh.length }));
  }, [messages, newest, meId, t]);
  return text;
}

export function TypingIndicator({
  roomId,
  people,
  meId,
}: {
  roomId: string;
  people: Map<string, Person>;
  meId: string;
}) {
  const { t } = useTranslation('room');
  const socket = useSocket();
  const [typing, setTyping] = useState<Record<string, number>>({});
  useEffect(() => {
    if (!socket) return;
    const onTyping = (event: { roomId: string; userId: string }) => {
      if (event.roomId === roomId && event.userId !== meId)
        setTyping((now) => ({ ...now, [event.userId]: Date.now() + 5_000 }));
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
    const timer = setTimeout(
      () => setTyping((now) => Object.fromEntries(Object.entries(now).filter(([, until]) => until > Date.now()))),
      Math.max(100, next),
    );
    return () => clearTimeout(timer);
  }, [active]);
  const names = active.map(([id]) => people.get(id)?.displayName).filter((n): n is string => Boolean(n));
  return (
    <p className="typing subtle" aria-live="off">
      {names.length === 1
        ? t('composer.typingOne', { name: names[0] })
        : names.length > 1
          ? t('composer.typingMany')
          : ''}
    </p>
  );
}

export function DropZone({
  onFiles,
  children,
  className,
}: {
  onFiles: (files: File[]) => void;
  children: ReactNode;
  className: string;
}) {
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
