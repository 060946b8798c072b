import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/http';
import { registerTexts } from '../../../i18n';
import { Alert, Button, ErrorAlert, Loading, TextField } from '../../../ui/components';
import { Dialog } from './Dialog';

/** An incoming webhook as the API lists it (never its secret). */
export interface WebhookView {
  id: string;
  roomId: string;
  name: string;
  url: string;
  enabled: boolean;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
}

const webhookKeys = { list: (roomId: string) => ['messenger', 'room', roomId, 'webhooks'] as const };

function useWebhooks(roomId: string) {
  return useQuery({
    queryKey: webhookKeys.list(roomId),
    queryFn: ({ signal }) => api<WebhookView[]>(`/rooms/${roomId}/webhooks`, { signal }),
  });
}

function useWebhookChanges(roomId: string) {
  const queryClient = useQueryClient();
  const onSuccess = () => queryClient.invalidateQueries({ queryKey: webhookKeys.list(roomId) });
  return {
    create: useMutation({
      mutationFn: (name: string) =>
        api<{ webhook: WebhookView; secret: string }>(`/rooms/${roomId}/webhooks`, { method: 'POST', body: { name } }),
      onSuccess,
    }),
    toggle: useMutation({
      mutationFn: (w: WebhookView) =>
        api<WebhookView>(`/rooms/${roomId}/webhooks/${w.id}`, { method: 'PATCH', body: { enabled: !w.enabled } }),
      onSuccess,
    }),
    remove: useMutation({
      mutationFn: (w: WebhookView) => api<void>(`/rooms/${roomId}/webhooks/${w.id}`, { method: 'DELETE' }),
      onSuccess,
    }),
  };
}

/** A room owner's list of the room's incoming webhooks: make one (its secret shown once), stop, resume or delete it. */
export function WebhooksDialog({ roomId, onClose }: { roomId: string; onClose: () => void }) {
  const { t } = useTranslation('room-webhooks');
  const webhooks = useWebhooks(roomId);
  const { create, toggle, remove } = useWebhookChanges(roomId);
  const [name, setName] = useState('');
  const made = create.data;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim().length === 0) return;
    create.mutate(name.trim(), { onSuccess: () => setName('') });
  };

  return (
    <Dialog title={t('title')} onClose={onClose} wide>
      <p className="subtle">{t('intro')}</p>
      {made && (
        <Alert tone="success" live>
          <p>{t('created', { name: made.webhook.name })}</p>
          <dl className="webhooks__secret">
            <dt>{t('url')}</dt>
            <dd>
              <code>{made.webhook.url}</code>
            </dd>
            <dt>{t('secret')}</dt>
            <dd>
              <code>{made.secret}</code>
            </dd>
          </dl>
          <p>{t('secretOnce')}</p>
        </Alert>
      )}
      {webhooks.isPending && <Loading />}
      {webhooks.isError && <ErrorAlert error={webhooks.error} onRetry={() => void webhooks.refetch()} />}
      {webhooks.data &&
        (webhooks.data.length === 0 ? (
          <p className="subtle">{t('none')}</p>
        ) : (
          <ul className="people" aria-label={t('listLabel')}>
            {webhooks.data.map((w) => (
              <li key={w.id} className="person">
                <span className="person__name">{w.name}</span>
                <span className="person__detail subtle">
                  <code>{w.url}</code>
                </span>
                <span className={`badge ${w.enabled ? 'badge--muted' : 'badge--danger'}`}>
                  {w.enabled ? t('enabled') : t('disabled')}
                </span>
                <Button variant="tertiary" size="small" onClick={() => toggle.mutate(w)} disabled={toggle.isPending}>
                  {w.enabled ? t('disable', { name: w.name }) : t('enable', { name: w.name })}
                </Button>
                <Button
                  variant="danger"
                  size="small"
                  onClick={() => {
                    if (window.confirm(t('confirmDelete', { name: w.name }))) remove.mutate(w);
                  }}
                  disabled={remove.isPending}
                >
                  {t('delete', { name: w.name })}
                </Button>
              </li>
            ))}
          </ul>
        ))}
      {(create.error ?? toggle.error ?? remove.error) && (
        <ErrorAlert error={create.error ?? toggle.error ?? remove.error} />
      )}
      <form onSubmit={submit}>
        <TextField
          label={t('name')}
          hint={t('nameHint')}
          value={name}
          maxLength={100}
          required
          onChange={(event) => setName(event.target.value)}
        />
        <Button type="submit" disabled={create.isPending || name.trim().length === 0}>
          {t('create')}
        </Button>
      </form>
    </Dialog>
  );
}

const ko = {
  open: '웹훅',
  title: '들어오는 웹훅',
  intro:
    '외부 시스템(전자결재, 모니터링 등)이 서명한 요청으로 이 대화방에 메시지를 보낼 수 있습니다. 보내는 방법은 README의 "Webhooks"를 참고하세요.',
  listLabel: '이 대화방의 웹훅',
  none: '아직 웹훅이 없습니다.',
  name: '웹훅 이름',
  nameHint: '보낸 메시지의 발신자로 표시됩니다.',
  create: '웹훅 만들기',
  created: '웹훅 "{{name}}"을(를) 만들었습니다.',
  url: '주소',
  secret: '서명 비밀값',
  secretOnce: '비밀값은 지금 한 번만 표시됩니다. 보내는 시스템에 안전하게 저장하세요.',
  enabled: '사용 중',
  disabled: '중지됨',
  disable: '{{name}} 중지',
  enable: '{{name}} 다시 사용',
  delete: '{{name}} 삭제',
  confirmDelete: '웹훅 "{{name}}"을(를) 삭제할까요? 이 주소로 오는 요청은 더 이상 받지 않습니다.',
};
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
const en: Shape<typeof ko> = {
  open: 'Webhooks',
  title: 'Incoming webhooks',
  intro:
    'Outside systems (e-approval, monitoring) can post messages into this room with signed requests. See "Webhooks" in the README for how to send them.',
  listLabel: "This room's webhooks",
  none: 'No webhooks yet.',
  name: 'Webhook name',
  nameHint: 'Shown as the sender of what it posts.',
  create: 'Create webhook',
  created: 'Webhook "{{name}}" created.',
  url: 'URL',
  secret: 'Signing secret',
  secretOnce: 'The secret is shown this once. Store it safely in the sending system.',
  enabled: 'Active',
  disabled: 'Stopped',
  disable: 'Stop {{name}}',
  enable: 'Resume {{name}}',
  delete: 'Delete {{name}}',
  confirmDelete: 'Delete the webhook "{{name}}"? Requests to its URL will no longer be taken.',
};
registerTexts('room-webhooks', { ko, en });
