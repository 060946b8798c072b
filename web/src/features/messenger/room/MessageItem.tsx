import { useMutation, useQueryClient } from '@tanstack/react-query';
import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../api/errors';
import { api } from '../../../api/http';
import type { MessageView } from '../../../api/types';
import { formatDateTime, formatTime } from '../../../ui/format';
import { Attachments } from './Attachments';
import { Icon } from './Icon';
import { CommandOutcome, isCommand } from './CommandOutcome';
import { MessageBody, type MentionContext } from './MessageBody';
import { applyDeleted, applyUpdated } from './realtime';
import type { Person } from './people';

export const REACTIONS = ['👍', '❤️', '😄', '🎉', '🙏', '👀', '✅', '😢'];

export interface MessageItemProps {
  message: MessageView;
  /** Follows a message of the same sender a moment before: no name or avatar repeated. */
  grouped: boolean;
  meId: string;
  mentions: MentionContext;
  people: Map<string, Person>;
  /** For my own messages (the last of a group): how many of the others have read it, of how many. */
  readCount?: number;
  readTotal?: number;
  inThread: boolean;
  /** The message the history's one Tab stop is on. */
  active: boolean;
  /** Its controls are in the Tab order (only while the focus is in the history, on this message). */
  focusable: boolean;
  highlighted: boolean;
  readOnly: boolean;
  /** Show each sender's agency (rooms across agencies). */
  showAgency: boolean;
  onOpenThread?: (rootId: string) => void;
  onShowReaders: (messageId: string) => void;
}

/** Enter without Shift outside an IME composition: the Hangul IME's own Enter must never act. */
export function isPlainEnter(event: KeyboardEvent): boolean {
  return event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing && event.keyCode !== 229;
}

function initials(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '?';
  // Korean names read by their given name: the last two syllables.
  return /^[가-힣]{2,}$/.test(trimmed) ? trimmed.slice(-2) : trimmed.slice(0, 1).toUpperCase();
}

function hue(id: string): number {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) % 360;
  return h;
}

function EditBox({ message, onDone }: { message: MessageView; onDone: () => void }) {
  const { t, i18n } = useTranslation('room');
  const queryClient = useQueryClient();
  const [text, setText] = useState(message.body);
  const ref = useRef<HTMLTextAreaElement>(null);
  const save = useMutation({
    mutationFn: (body: string) => api<MessageView>(`/messages/${message.id}`, { method: 'PATCH', body: { body } }),
    onSuccess: (updated) => {
      applyUpdated(queryClient, updated);
      onDone();
    },
  });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  const submit = () => {
    const body = text.trim();
    if (!body || body === message.body) return onDone();
    save.mutate(body);
  };
  return (
    <div className="message__edit">
      <textarea
        ref={ref}
        className="textarea message__edit-input"
        aria-label={t('actions.editLabel')}
        aria-describedby={`edit-hint-${message.id}`}
        value={text}
        rows={Math.min(8, Math.max(2, text.split('\n').length))}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (isPlainEnter(event)) {
            event.preventDefault();
            submit();
          } else if (event.key === 'Escape') {
            event.preventDefault();
            onDone();
          }
        }}
      />
      <div className="row">
        <button type="button" className="btn btn--small" onClick={submit} disabled={save.isPending}>
          {t('actions.save')}
        </button>
        <button type="button" className="btn btn--secondary btn--small" onClick={onDone}>
          {t('actions.cancel')}
        </button>
        <span id={`edit-hint-${message.id}`} className="subtle message__hint">
          {t('actions.editHint')}
        </span>
      </div>
      {save.isError && (
        <p className="field__error" role="alert">
          {errorText(save.error, i18n.language)}
        </p>
      )}
    </div>
  );
}

function ReactionPicker({ onPick, onClose, id }: { onPick: (emoji: string) => void; onClose: () => void; id: string }) {
  const { t } = useTranslation('room');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector('button')?.focus();
  }, []);
  return (
    <div
      ref={ref}
      id={id}
      className="reaction-picker"
      role="group"
      aria-label={t('emoji.picker')}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
        if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
          const buttons = [...(ref.current?.querySelectorAll('button') ?? [])];
          const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
          buttons[(at + (event.key === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length]?.focus();
          event.preventDefault();
        }
      }}
    >
      {REACTIONS.map((emoji) => (
        <button
          key={emoji}
          type="button"
          className="reaction-picker__emoji"
          aria-label={t('actions.reactWith', { emoji })}
          onClick={() => onPick(emoji)}
        >
          {emoji}
        </button>
      ))}
    </div>
  );
}

/** One message: who and when, its text, files, reactions, thread, and what one can do with it. */
export const MessageItem = memo(function MessageItem(props: MessageItemProps) {
  const {
    message,
    grouped,
    meId,
    mentions,
    people,
    readCount,
    readTotal,
    inThread,
    active,
    focusable,
    highlighted,
    readOnly,
    showAgency,
    onOpenThread,
    onShowReaders,
  } = props;
  const { t, i18n } = useTranslation('room');
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [picking, setPicking] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const pickerButton = useRef<HTMLButtonElement>(null);
  const article = useRef<HTMLElement>(null);
  const keepCancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirmingDelete) keepCancel.current?.focus();
  }, [confirmingDelete]);
  const backToMessage = () => requestAnimationFrame(() => article.current?.focus({ preventScroll: true }));
  const mine = message.senderId === meId;
  const deleted = message.deletedAt !== null;
  const tab = focusable ? undefined : -1;
  const sender = message.senderId ? people.get(message.senderId) : undefined;
  const name =
    message.senderName ??
    sender?.displayName ??
    (message.kind === 'system' ? t('timeline.system') : t('timeline.unknownSender'));

  const react = useMutation({
    mutationFn: ({ emoji, on }: { emoji: string; on: boolean }) =>
      api<MessageView>(`/messages/${message.id}/reactions/${encodeURIComponent(emoji)}`, {
        method: on ? 'PUT' : 'DELETE',
      }),
    onSuccess: (updated) => applyUpdated(queryClient, updated),
  });
  const remove = useMutation({
    mutationFn: () => api<void>(`/messages/${message.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      setConfirmingDelete(false);
      applyDeleted(queryClient, message.roomId, message.id);
      backToMessage();
    },
  });
  const error = react.error ?? remove.error;

  const metaId = `m-${message.id}-meta`;
  const bodyId = `m-${message.id}-body`;
  const classes = [
    'message',
    grouped && 'message--grouped',
    mine && 'message--mine',
    message.kind !== 'text' && `message--${message.kind}`,
    message.mentions.includes(meId) && !mine && 'message--mentions-me',
  ]
    .filter(Boolean)
    .join(' ');
  const pickerId = `picker-${message.id}`;

  return (
    <article
      ref={article}
      className={classes}
      data-message-id={message.id}
      data-seq={message.seq}
      data-highlighted={highlighted ? 'true' : undefined}
      tabIndex={active ? 0 : -1}
      aria-labelledby={`${metaId} ${bodyId}`}
    >
      {/* First in the DOM (shown top right): Tab from a message reaches what one can do with it. */}
      {!deleted && !editing && message.kind !== 'system' && (
        <div
          className={`message__actions${picking ? ' message__actions--open' : ''}`}
          role="toolbar"
          aria-label={t('actions.label')}
          onKeyDown={(event) => {
            if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
            const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>(':scope > button')];
            const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
            if (at < 0) return;
            event.preventDefault();
            buttons[(at + (event.key === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length]?.focus();
          }}
        >
          {!readOnly && (
            <button
              ref={pickerButton}
              type="button"
              className="icon-button"
              tabIndex={tab}
              aria-expanded={picking}
              aria-controls={picking ? pickerId : undefined}
              aria-label={t('actions.react')}
              title={t('actions.react')}
              onClick={() => setPicking((open) => !open)}
            >
              <Icon name="smile" />
            </button>
          )}
          {!inThread && onOpenThread && !readOnly && (
            <button
              type="button"
              className="icon-button"
              tabIndex={tab}
              aria-label={t('actions.thread')}
              title={t('actions.thread')}
              onClick={() => onOpenThread(message.id)}
            >
              <Icon name="thread" />
            </button>
          )}
          <button
            type="button"
            className="icon-button"
            tabIndex={tab}
            aria-label={t('actions.readers')}
            title={t('actions.readers')}
            onClick={() => onShowReaders(message.id)}
          >
            <Icon name="readers" />
          </button>
          {mine && !readOnly && message.kind === 'text' && (
            <button
              type="button"
              className="icon-button"
              tabIndex={tab}
              aria-label={t('actions.edit')}
              title={t('actions.edit')}
              onClick={() => setEditing(true)}
            >
              <Icon name="edit" />
            </button>
          )}
          {mine && !readOnly && (
            <button
              type="button"
              className="icon-button"
              tabIndex={tab}
              aria-label={t('actions.delete')}
              title={t('actions.delete')}
              onClick={() => setConfirmingDelete(true)}
            >
              <Icon name="trash" />
            </button>
          )}
          {picking && (
            <ReactionPicker
              id={pickerId}
              onClose={() => {
                setPicking(false);
                pickerButton.current?.focus();
              }}
              onPick={(emoji) => {
                setPicking(false);
                pickerButton.current?.focus();
                const existing = message.reactions.find((r) => r.emoji === emoji);
                react.mutate({ emoji, on: !existing?.userIds.includes(meId) });
              }}
            />
          )}
        </div>
      )}
      <div className="message__gutter" aria-hidden="true">
        {grouped ? (
          <span className="message__gutter-time">{formatTime(message.createdAt)}</span>
        ) : (
          <span
            className="avatar"
            data-kind={message.kind}
            style={{ '--avatar-hue': hue(message.senderId ?? message.kind) } as React.CSSProperties}
          >
            {message.kind === 'bot' ? <Icon name="bot" /> : initials(name)}
          </span>
        )}
      </div>
      <div className="message__main">
        <div id={metaId} className={grouped ? 'visually-hidden' : 'message__meta'}>
          <strong className="message__sender">{name}</strong>
          {message.kind === 'bot' && <span className="badge badge--muted message__badge">{t('timeline.bot')}</span>}
          {showAgency && sender?.agencyName && <span className="message__agency subtle">{sender.agencyName}</span>}
          <time className="message__time subtle" dateTime={message.createdAt} title={formatDateTime(message.createdAt)}>
            {formatTime(message.createdAt)}
          </time>
        </div>
        {editing ? (
          <EditBox
            message={message}
            onDone={() => {
              setEditing(false);
              backToMessage();
            }}
          />
        ) : deleted ? (
          <div id={bodyId} className="message__body message__body--deleted subtle">
            {t('timeline.deleted')}
          </div>
        ) : (
          <>
            {message.body && <MessageBody id={bodyId} text={message.body} context={mentions} focusable={focusable} />}
            {!message.body && (
              <span id={bodyId} className="visually-hidden">
                {t('timeline.attachmentsOnly', { count: message.attachments.length })}
              </span>
            )}
            {message.editedAt && <span className="message__edited subtle">{t('timeline.edited')}</span>}
          </>
        )}
        {!deleted && <Attachments files={message.attachments} focusable={focusable} roomId={message.roomId} />}
        {!deleted && message.reactions.length > 0 && (
          <ul className="reactions">
            {message.reactions.map((reaction) => {
              const reacted = reaction.userIds.includes(meId);
              const names = reaction.userIds
                .map((id) => people.get(id)?.displayName ?? '')
                .filter(Boolean)
                .join(', ');
              return (
                <li key={reaction.emoji}>
                  <button
                    type="button"
                    className="reaction"
                    aria-pressed={reacted}
                    tabIndex={tab}
                    disabled={readOnly}
                    title={names}
                    aria-label={t('actions.reactionCount', {
                      emoji: reaction.emoji,
                      count: reaction.userIds.length,
                      names,
                    })}
                    onClick={() => react.mutate({ emoji: reaction.emoji, on: !reacted })}
                  >
                    <span aria-hidden="true">{reaction.emoji}</span>{' '}
                    <span aria-hidden="true">{reaction.userIds.length}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        {!inThread && message.replyCount > 0 && onOpenThread && (
          <button type="button" className="thread-link" tabIndex={tab} onClick={() => onOpenThread(message.id)}>
            {t('timeline.replies', { count: message.replyCount })}
          </button>
        )}
        {mine && !deleted && isCommand(message.body) && (
          <CommandOutcome
            messageId={message.id}
            roomId={message.roomId}
            threadRootId={message.threadRootId}
            focusable={focusable}
          />
        )}
        {readCount !== undefined && readTotal !== undefined && !deleted && (
          <button
            type="button"
            className="read-by"
            tabIndex={tab}
            onClick={() => onShowReaders(message.id)}
            title={t('actions.readByLong', { count: readCount, total: readTotal })}
          >
            {t('actions.readBy', { count: readCount, total: readTotal })}
          </button>
        )}
        {confirmingDelete && (
          <div
            className="message__confirm"
            role="group"
            aria-labelledby={`m-${message.id}-confirm`}
            onKeyDown={(event) => {
              if (event.key !== 'Escape') return;
              event.preventDefault();
              setConfirmingDelete(false);
              backToMessage();
            }}
          >
            <p id={`m-${message.id}-confirm`}>{t('actions.confirmDelete')}</p>
            <div className="row">
              <button
                type="button"
                className="btn btn--danger btn--small"
                onClick={() => remove.mutate()}
                disabled={remove.isPending}
              >
                {t('actions.delete')}
              </button>
              <button
                ref={keepCancel}
                type="button"
                className="btn btn--secondary btn--small"
                onClick={() => {
                  setConfirmingDelete(false);
                  backToMessage();
                }}
              >
                {t('actions.cancel')}
              </button>
            </div>
          </div>
        )}
        {error && (
          <p className="field__error" role="alert">
            {errorText(error, i18n.language)}
          </p>
        )}
      </div>
    </article>
  );
});
