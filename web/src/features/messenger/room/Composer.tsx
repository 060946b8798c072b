import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useImperativeHandle, useMemo, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../api/errors';
import { api } from '../../../api/http';
import { useSocket } from '../../../app/session-context';
import { formatBytes } from '../../../ui/format';
import { findCommand, findSubcommand, suggestions, tokenAt, type Suggestion } from './completion';
import { Icon } from './Icon';
import { isPlainEnter } from './MessageItem';
import { send } from './outbox';
import { useAgencies, useCommands, type AgencyOption } from './queries';
import type { CommandHint, FileView, RoomMemberView } from './types';

interface Upload {
  localId: string;
  name: string;
  size: number;
  progress: number;
  file: File;
  status: 'uploading' | 'done' | 'failed';
  view: FileView | null;
  error: unknown;
}

export interface ComposerHandle {
  addFiles: (files: File[]) => void;
  focus: () => void;
}

// Drafts outlive the screen: switching rooms and back keeps what was typed.
const drafts = new Map<string, string>();
const TYPING_EVERY_MS = 3_000;

function CommandHelp({ text, commands, id }: { text: string; commands: CommandHint[]; id: string }) {
  const { t, i18n } = useTranslation('room');
  const local = (s: { ko: string; en: string }) => (i18n.language.startsWith('en') ? s.en : s.ko);
  const words = /^[/／](\S+)(?:\s+(\S+))?/.exec(text);
  const command = words ? findCommand(commands, words[1] ?? '') : undefined;
  if (!command) return null;
  const sub = findSubcommand(command, words?.[2]);
  const shown = sub ? [sub] : command.subcommands.slice(0, 6);
  return (
    <div className="command-help" id={id}>
      <p className="command-help__title">
        <strong>/{command.name}</strong>
        {command.aliases.length > 0 && (
          <span className="subtle"> ({command.aliases.map((a) => `/${a}`).join(', ')})</span>
        )}{' '}
        · {local(sub?.summary ?? command.summary)}
      </p>
      <dl className="command-help__list">
        <dt>{t('composer.usage')}</dt>
        {shown.map((s) => (
          <dd key={s.usage}>
            <code>{s.usage}</code>
          </dd>
        ))}
        {sub && sub.args.length > 0 && (
          <>
            <dt>{t('composer.commandArgs')}</dt>
            {sub.args.map((arg) => (
              <dd key={arg.name}>
                <code>{arg.name}</code> {local(arg.description)}{' '}
                <span className="subtle">({arg.required ? t('composer.required') : t('composer.optional')})</span>
              </dd>
            ))}
          </>
        )}
        {sub && sub.examples.length > 0 && (
          <>
            <dt>{t('composer.examples')}</dt>
            {sub.examples.slice(0, 3).map((example) => (
              <dd key={example}>
                <code>{example}</code>
              </dd>
            ))}
          </>
        )}
      </dl>
    </div>
  );
}

function useUploads(roomId: string) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const patch = (localId: string, change: Partial<Upload>) =>
    setUploads((list) => list.map((u) => (u.localId === localId ? { ...u, ...change } : u)));
  const start = (upload: Upload) => {
    // Sent as bytes with no type of its own: the server sniffs the type, and a JSON file must not
    // meet the API's JSON body parser.
    const raw = new Blob([upload.file], { type: 'application/octet-stream' });
    api<FileView>(`/rooms/${roomId}/files`, {
      method: 'POST',
      query: { name: upload.name },
      raw,
      onProgress: (fraction) => patch(upload.localId, { progress: fraction }),
    }).then(
      (view) => patch(upload.localId, { status: 'done', view, progress: 1 }),
      (error: unknown) => patch(upload.localId, { status: 'failed', error }),
    );
  };
  return {
    uploads,
    add(files: File[]) {
      const added = files.map((file) => ({
        localId: crypto.randomUUID(),
        name: file.name,
        size: file.size,
        progress: 0,
        file,
        status: 'uploading' as const,
        view: null,
        error: null,
      }));
      setUploads((list) => [...list, ...added]);
      for (const upload of added) start(upload);
    },
    retry(localId: string) {
      const upload = uploads.find((u) => u.localId === localId);
      if (!upload) return;
      patch(localId, { status: 'uploading', progress: 0, error: null });
      start(upload);
    },
    remove: (localId: string) => setUploads((list) => list.filter((u) => u.localId !== localId)),
    clear: () => setUploads([]),
  };
}

export interface ComposerProps {
  roomId: string;
  threadRootId: string | null;
  meId: string;
  members: RoomMemberView[];
  disabled: boolean;
  onSent?: () => void;
  ref?: Ref<ComposerHandle>;
}

/**
 * The message box. Enter sends and Shift+Enter starts a new line; while a Hangul (or any IME)
 * composition is open Enter belongs to the IME and never sends, so the last syllable is neither
 * lost nor sent twice. It completes @mentions and slash commands, shows a command's usage while
 * it is typed, and uploads files with their progress before they are attached to the message.
 */
export function Composer({ roomId, threadRootId, meId, members, disabled, onSent, ref }: ComposerProps) {
  const { t, i18n } = useTranslation('room');
  const queryClient = useQueryClient();
  const socket = useSocket();
  const draftKey = `${roomId}|${threadRootId ?? ''}`;
  const [text, setText] = useState(() => drafts.get(draftKey) ?? '');
  const [caret, setCaret] = useState(0);
  const [selected, setSelected] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const composing = useRef(false);
  const lastTyping = useRef(0);
  const area = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const uploads = useUploads(roomId);
  const ids = useId();
  const listId = `${ids}-suggestions`;
  const hintId = `${ids}-hint`;
  const helpId = `${ids}-help`;

  const token = tokenAt(text, caret);
  const wantsCommands = text.startsWith('/') || text.startsWith('／');
  const commands = useCommands();
  const agencies = useAgencies(token?.kind === 'mention');
  const options: Suggestion[] = useMemo(
    () =>
      token && token.start !== dismissed
        ? suggestions(token, {
            members,
            agencies: agencies.data ?? ([] as AgencyOption[]),
            commands: commands.data ?? [],
            meId,
            language: i18n.language,
            everyone: t('composer.everyone'),
            agencyLabel: t('composer.agency'),
          })
        : [],
    [token, dismissed, members, agencies.data, commands.data, meId, i18n.language, t],
  );
  const open = options.length > 0 && !disabled;
  const active = open ? Math.min(selected, options.length - 1) : -1;

  useEffect(() => {
    drafts.set(draftKey, text);
  }, [draftKey, text]);

  useImperativeHandle(ref, () => ({ addFiles: (files) => uploads.add(files), focus: () => area.current?.focus() }), [
    uploads,
  ]);

  const accept = (option: Suggestion) => {
    if (!token) return;
    const next = text.slice(0, token.start) + option.insert + text.slice(token.end);
    const position = token.start + option.insert.length;
    setText(next);
    setSelected(0);
    requestAnimationFrame(() => {
      area.current?.setSelectionRange(position, position);
      setCaret(position);
    });
  };

  const submit = () => {
    const body = text.trim();
    const waiting = uploads.uploads.some((u) => u.status === 'uploading');
    if (waiting) {
      setNotice(t('composer.waitUploads'));
      return;
    }
    const files = uploads.uploads.filter((u) => u.status === 'done' && u.view).map((u) => u.view!);
    if (!body && files.length === 0) return;
    send(queryClient, socket, {
      roomId,
      threadRootId,
      body,
      fileIds: files.map((f) => f.id),
      files: files.map((f) => ({ id: f.id, name: f.name, size: f.size })),
    });
    setText('');
    setCaret(0);
    setNotice(null);
    uploads.clear();
    onSent?.();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // An open IME composition owns every key, Enter above all. An Enter that reaches the page as a
    // plain key while a composition is open (not the IME's own, keyCode 229) must not add a line
    // break either: the person pressed it to finish the syllable.
    if (event.nativeEvent.isComposing || event.keyCode === 229 || composing.current) {
      if (event.key === 'Enter' && event.keyCode !== 229) event.preventDefault();
      return;
    }
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setSelected((active + (event.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
        return;
      }
      if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
        event.preventDefault();
        accept(options[active]!);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setDismissed(token?.start ?? null);
        return;
      }
    }
    if (isPlainEnter(event)) {
      event.preventDefault();
      submit();
    }
  };

  const onInput = (value: string, position: number) => {
    setText(value);
    setCaret(position);
    setSelected(0);
    if (dismissed !== null && !tokenAt(value, position)) setDismissed(null);
    const now = Date.now();
    if (socket?.connected && value.trim() && !value.startsWith('/') && now - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = now;
      socket.emit('typing', { roomId });
    }
  };

  const describedBy = [hintId, wantsCommands && commands.data && !open ? helpId : null].filter(Boolean).join(' ');

  return (
    <div className="composer">
      {open && (
        <ul className="composer__suggestions" id={listId} role="listbox" aria-label={t('composer.suggestions')}>
          {options.map((option, index) => (
            <li
              key={`${option.kind}-${option.id}`}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              className="composer__suggestion"
              onMouseDown={(event) => {
                // Keep the focus in the textarea.
                event.preventDefault();
                accept(option);
              }}
            >
              <span className="composer__suggestion-label">{option.label}</span>
              <span className="composer__suggestion-detail subtle">{option.detail}</span>
            </li>
          ))}
        </ul>
      )}
      {wantsCommands && commands.data && !open && <CommandHelp text={text} commands={commands.data} id={helpId} />}
      {uploads.uploads.length > 0 && (
        <ul className="uploads">
          {uploads.uploads.map((upload) => (
            <li key={upload.localId} className={`upload upload--${upload.status}`}>
              <span className="upload__name">{upload.name}</span>
              <span className="subtle upload__size">{formatBytes(upload.size)}</span>
              {upload.status === 'uploading' && (
                <progress
                  className="upload__progress"
                  max={100}
                  value={Math.round(upload.progress * 100)}
                  aria-label={`${upload.name} ${t('composer.uploading', { percent: Math.round(upload.progress * 100) })}`}
                />
              )}
              {upload.status === 'done' && <span className="upload__state">{t('composer.uploaded')}</span>}
              {upload.status === 'failed' && (
                <span className="upload__state upload__state--failed" role="alert">
                  {t('composer.uploadFailed')}: {errorText(upload.error, i18n.language)}{' '}
                  <button
                    type="button"
                    className="btn btn--tertiary btn--small"
                    onClick={() => uploads.retry(upload.localId)}
                  >
                    {t('composer.retry')}
                  </button>
                </span>
              )}
              <button
                type="button"
                className="btn btn--tertiary btn--small"
                aria-label={t('composer.removeFile', { name: upload.name })}
                onClick={() => uploads.remove(upload.localId)}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="composer__box">
        <button
          type="button"
          className="icon-button composer__attach"
          aria-label={t('composer.attach')}
          title={t('composer.attach')}
          disabled={disabled}
          onClick={() => fileInput.current?.click()}
        >
          <Icon name="attach" size={22} />
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          tabIndex={-1}
          onChange={(event) => {
            uploads.add([...(event.target.files ?? [])]);
            event.target.value = '';
          }}
        />
        <textarea
          ref={area}
          className="composer__input"
          aria-label={threadRootId ? t('composer.threadLabel') : t('composer.label')}
          aria-describedby={describedBy}
          aria-autocomplete="list"
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
          placeholder={threadRootId ? t('composer.threadPlaceholder') : t('composer.placeholder')}
          rows={1}
          value={text}
          disabled={disabled}
          onChange={(event) => onInput(event.target.value, event.target.selectionStart)}
          onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          onCompositionStart={() => {
            composing.current = true;
          }}
          onCompositionEnd={(event) => {
            composing.current = false;
            setCaret(event.currentTarget.selectionStart);
          }}
          onPaste={(event) => {
            const files = [...event.clipboardData.files];
            if (files.length > 0) {
              event.preventDefault();
              uploads.add(files);
            }
          }}
        />
        <button type="button" className="btn composer__send" disabled={disabled} onClick={submit}>
          {t('composer.send')}
        </button>
      </div>
      <p id={hintId} className="composer__hint subtle">
        {notice ?? t('composer.hint')}
      </p>
      {open && (
        <p className="visually-hidden" role="status">
          {t('composer.suggestionCount', { count: options.length })}
        </p>
      )}
    </div>
  );
}
