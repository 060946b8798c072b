import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/http';
import { registerTexts } from '../../../i18n';
import { Alert, ErrorAlert, Loading } from '../../../ui/components';
import { Dialog } from './Dialog';

/** What `GET /rooms/{id}/matrix` answers: whether a homeserver is configured, and the room's link with its queue. */
interface MatrixRoomState {
  available: boolean;
  link: {
    matrixRoomId: string;
    matrixAlias: string | null;
    backlog: number;
    parkedForMs: number | null;
    failures: number;
    lastError: string | null;
    lastSentAt: string | null;
  } | null;
}

function useMatrixState(roomId: string) {
  return useQuery({
    queryKey: ['messenger', 'room', roomId, 'matrix'] as const,
    queryFn: ({ signal }) => api<MatrixRoomState>(`/rooms/${roomId}/matrix`, { signal }),
    staleTime: 15_000,
  });
}

/**
 * The room's Matrix bridge in its header, for every member: a button saying whether the room is
 * linked, opening its state (which Matrix room, the outbound queue ok or parked with the last
 * error). Nothing here changes the link: owners do that with /matrix link and /matrix unlink.
 */
export function RoomMatrix({ roomId }: { roomId: string }) {
  const { t } = useTranslation('room-matrix');
  const state = useMatrixState(roomId);
  const [open, setOpen] = useState(false);
  if (!state.data?.available) return null;
  return (
    <>
      <button type="button" className="room__members-button" onClick={() => setOpen(true)} aria-haspopup="dialog">
        {state.data.link ? t('linkedButton') : t('unlinkedButton')}
      </button>
      {open && <MatrixDialog roomId={roomId} onClose={() => setOpen(false)} />}
    </>
  );
}

function MatrixDialog({ roomId, onClose }: { roomId: string; onClose: () => void }) {
  const { t, i18n } = useTranslation('room-matrix');
  const state = useMatrixState(roomId);
  const link = state.data?.link;
  const parked = link && (link.parkedForMs !== null || link.failures > 0);
  return (
    <Dialog title={t('title')} onClose={onClose}>
      {state.isPending && <Loading />}
      {state.isError && <ErrorAlert error={state.error} onRetry={() => void state.refetch()} />}
      {state.data && !link && <p>{t('notLinked')}</p>}
      {link && (
        <dl className="matrix-state">
          <dt>{t('room')}</dt>
          <dd>
            <code>{link.matrixAlias ?? link.matrixRoomId}</code>
            {link.matrixAlias && <span className="subtle"> ({link.matrixRoomId})</span>}
          </dd>
          <dt>{t('queue')}</dt>
          <dd>
            {parked ? (
              <Alert tone="warning">
                <p>{t('parked', { count: link.failures })}</p>
                {link.lastError && (
                  <p>
                    {t('lastError')}: <code>{link.lastError}</code>
                  </p>
                )}
              </Alert>
            ) : (
              <span className="badge badge--muted">{t('ok')}</span>
            )}
            {link.backlog > 0 && <p>{t('backlog', { count: link.backlog })}</p>}
          </dd>
          <dt>{t('lastSent')}</dt>
          <dd>{link.lastSentAt ? new Date(link.lastSentAt).toLocaleString(i18n.language) : t('never')}</dd>
        </dl>
      )}
      <p className="subtle">{t('howToChange')}</p>
    </Dialog>
  );
}

const ko = {
  linkedButton: 'Matrix 연결됨',
  unlinkedButton: 'Matrix 연결 안 됨',
  title: 'Matrix 연결',
  notLinked: '이 대화방은 Matrix 방과 연결되어 있지 않습니다.',
  room: '연결된 Matrix 방',
  queue: '보내기 대기열',
  ok: '정상',
  parked:
    '홈서버가 응답하지 않아 보내기를 잠시 멈췄습니다(연속 실패 {{count}}회). 다시 응답하면 순서대로 이어서 보냅니다.',
  lastError: '마지막 오류',
  backlog: 'Matrix로 보낼 메시지 {{count}}건이 기다리고 있습니다.',
  lastSent: '마지막으로 보낸 때',
  never: '아직 없음',
  howToChange:
    '연결과 해제는 대화방 관리자가 메시지 입력창에서 "/matrix link #방:서버", "/matrix unlink" 명령으로 합니다. 이 화면에서는 바꿀 수 없습니다.',
};
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
const en: Shape<typeof ko> = {
  linkedButton: 'Matrix linked',
  unlinkedButton: 'Matrix not linked',
  title: 'Matrix link',
  notLinked: 'This room is not linked to a Matrix room.',
  room: 'Linked Matrix room',
  queue: 'Outbound queue',
  ok: 'OK',
  parked:
    'The homeserver is not answering, so sending is paused ({{count}} failures in a row). It resumes in order once the homeserver answers.',
  lastError: 'Last error',
  backlog: '{{count}} messages are waiting to go to Matrix.',
  lastSent: 'Last sent',
  never: 'Not yet',
  howToChange:
    'Room owners link and unlink with the commands "/matrix link #room:server" and "/matrix unlink" in the message box. It cannot be changed here.',
};
registerTexts('room-matrix', { ko, en });
