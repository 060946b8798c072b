import { useQueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useSocket } from '../../../app/session-context';
import { Icon } from './Icon';
import { send } from './outbox';
import { useCommandRun } from './queries';

/** A message whose first character (full-width forms folded) is a slash: the server runs it as a command. */
export function isCommand(body: string): boolean {
  return body.normalize('NFKC').trimStart().startsWith('/');
}

// Confirmations the person declined in this tab. Nothing is sent: the code lapses on its own.
const declined = new Set<string>();
const confirming = new Set<string>();
const listeners = new Set<() => void>();
let version = 0;
const changed = () => {
  version++;
  for (const listener of listeners) listener();
};
const useChoices = () =>
  useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => version,
  );

/**
 * What a command of mine answered only to me, under the command, marked as seen by me alone; with
 * Confirm / Cancel when the command asks first (Confirm sends `/confirm <code>`).
 */
export function CommandOutcome({
  messageId,
  roomId,
  threadRootId,
  focusable,
}: {
  messageId: string;
  roomId: string;
  threadRootId: string | null;
  focusable: boolean;
}) {
  const { t, i18n } = useTranslation('room');
  const queryClient = useQueryClient();
  const socket = useSocket();
  useChoices();
  const run = useCommandRun(messageId, true);
  const data = run.data;
  if (!data) return null;
  if (data.status === 'running') {
    return (
      <div className="command-reply command-reply--running">
        <span className="spinner spinner--small" aria-hidden="true" /> {t('command.running')}
      </div>
    );
  }
  if (!data.ephemeral || !data.reply) return null;
  const code = data.status === 'awaiting_confirmation' ? data.confirmationCode : null;
  const answered = code ? declined.has(code) || confirming.has(code) : false;
  return (
    <div className={`command-reply${data.errorCode ? ' command-reply--failed' : ''}`}>
      <p className="command-reply__label">
        <Icon name="lock" size={14} /> {t('command.onlyYou')}
      </p>
      <p className="command-reply__text">{data.reply}</p>
      {code && !answered && (
        <div className="row">
          <button
            type="button"
            className="btn btn--small"
            tabIndex={focusable ? undefined : -1}
            onClick={() => {
              confirming.add(code);
              changed();
              const word = i18n.language.startsWith('en') ? 'confirm' : '확인';
              send(queryClient, socket, { roomId, threadRootId, body: `/${word} ${code}`, fileIds: [], files: [] });
            }}
          >
            {t('command.confirm')}
          </button>
          <button
            type="button"
            className="btn btn--secondary btn--small"
            tabIndex={focusable ? undefined : -1}
            onClick={() => {
              declined.add(code);
              changed();
            }}
          >
            {t('command.cancel')}
          </button>
        </div>
      )}
      {code && confirming.has(code) && <p className="subtle">{t('command.confirming')}</p>}
      {code && declined.has(code) && <p className="subtle">{t('command.cancelled')}</p>}
    </div>
  );
}
