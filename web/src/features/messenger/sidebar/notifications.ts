import type { TFunction } from 'i18next';
import { useCallback, useEffect, useState } from 'react';
import type { MessageView } from '../../../api/types';
import { roomLabel, type RoomSummary } from './rooms';

export type PermissionState = NotificationPermission | 'unsupported';

const supported = () => typeof window !== 'undefined' && 'Notification' in window;

/**
 * The browser's notification permission, and a way to ask for it. Asking happens only from a
 * click on "알림 켜기" (browsers ignore or penalise a request nobody asked for).
 */
export function useNotificationPermission(): { permission: PermissionState; request: () => Promise<void> } {
  const [permission, setPermission] = useState<PermissionState>(() =>
    supported() ? Notification.permission : 'unsupported',
  );

  useEffect(() => {
    if (!supported() || !navigator.permissions) return;
    let status: PermissionStatus | null = null;
    const follow = () => setPermission(Notification.permission);
    // The person may change it in the browser's settings while the page is open.
    navigator.permissions.query({ name: 'notifications' }).then(
      (answer) => {
        status = answer;
        answer.addEventListener('change', follow);
      },
      () => undefined,
    );
    return () => status?.removeEventListener('change', follow);
  }, []);

  const request = useCallback(async () => {
    if (!supported()) return;
    setPermission(await Notification.requestPermission());
  }, []);

  return { permission, request };
}

export interface NotifyContext {
  meId: string;
  /** The room open on screen, if any. */
  openRoomId: string | null;
  t: TFunction;
  /** Opens a message (the tab is focused first). */
  open: (roomId: string, messageId: string) => void;
}

const BODY_LIMIT = 180;

/**
 * Browser notifications for new messages that concern the person: every message of a direct room
 * and any that mentions them, only while they are not looking at that room (the tab is hidden, or
 * another room or none is open). One per message: the tag lets the browser merge the copies that
 * other tabs of the same person raise.
 */
export function notifyFresh(room: RoomSummary, messages: MessageView[], context: NotifyContext): void {
  if (!supported() || Notification.permission !== 'granted') return;
  if (document.visibilityState === 'visible' && context.openRoomId === room.id) return;
  for (const message of messages) {
    if (message.senderId === context.meId || message.kind === 'system' || message.deletedAt) continue;
    const direct = room.kind === 'direct';
    if (!direct && !message.mentions.includes(context.meId)) continue;
    const sender = message.senderName ?? context.t('notifications.someone');
    const title = direct
      ? context.t('notifications.directTitle', { sender })
      : context.t('notifications.mentionTitle', { sender, room: roomLabel(room, context.t).name });
    const text =
      message.body.trim() ||
      (message.attachments.length > 0 ? context.t('notifications.files', { count: message.attachments.length }) : '');
    const notification = new Notification(title, {
      body: text.length > BODY_LIMIT ? `${text.slice(0, BODY_LIMIT)}…` : text,
      tag: `ieum-message-${message.id}`,
      icon: '/favicon.svg',
      lang: document.documentElement.lang,
    });
    notification.addEventListener('click', () => {
      window.focus();
      context.open(room.id, message.id);
      notification.close();
    });
  }
}
