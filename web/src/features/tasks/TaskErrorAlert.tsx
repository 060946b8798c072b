import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../api/errors';
import { Alert } from '../../ui/components';

const HINTED = [
  'TASK_NOT_ALLOWED',
  'TASK_NOT_IN_DISCUSSION',
  'TASK_CHANGED',
  'TASK_BAD_TRANSITION',
  'TASK_NOT_FOUND',
  'TASK_NOT_STAFF',
  'TASK_BAD_ASSIGNEE',
];

/** A refusal in plain words (the server's, in the person's language) and what they can do about it. */
export function TaskErrorAlert({ error, action }: { error: unknown; action?: ReactNode }) {
  const { t, i18n } = useTranslation('tasks');
  const code = error instanceof ApiError ? error.code : null;
  return (
    <Alert tone={code === 'TASK_CHANGED' ? 'warning' : 'danger'} live>
      <p>{errorText(error, i18n.language)}</p>
      {code && HINTED.includes(code) && <p>{t(`errors.${code}`)}</p>}
      {action}
    </Alert>
  );
}
