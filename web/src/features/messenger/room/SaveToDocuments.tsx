import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/http';
import { ApiError } from '../../../api/errors';
import { registerTexts } from '../../../i18n';
import { Alert, Button, ErrorAlert } from '../../../ui/components';

/** Whether the room is linked to a document folder (the link itself: 404 DOCUMENTS_NOT_LINKED when not). */
export function useDocumentsLinked(roomId: string | null): boolean {
  const link = useQuery({
    queryKey: ['messenger', 'room', roomId, 'documents-link'] as const,
    queryFn: async ({ signal }) => {
      try {
        return await api<{ path: string }>(`/rooms/${roomId}/documents/link`, { signal });
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    enabled: roomId !== null,
    staleTime: 60_000,
    retry: false,
  });
  return Boolean(link.data);
}

type Mode = 'fail' | 'rename' | 'overwrite';

/**
 * "문서함에 저장" in a file's row: saves the room file into the linked folder. When the name is
 * taken there (DOCUMENTS_CONFLICT) it says so and offers to save under another name instead.
 */
export function SaveToDocuments({
  roomId,
  file,
  focusable,
}: {
  roomId: string;
  file: { id: string; name: string };
  focusable: boolean;
}) {
  const { t } = useTranslation('room-documents');
  const save = useMutation({
    mutationFn: (mode: Mode) =>
      api<{ path: string }>(`/rooms/${roomId}/documents/save`, { method: 'POST', body: { fileId: file.id, mode } }),
  });
  const conflict = save.error instanceof ApiError && save.error.code === 'DOCUMENTS_CONFLICT';
  return (
    <>
      <Button
        variant="tertiary"
        size="small"
        tabIndex={focusable ? undefined : -1}
        aria-label={t('save', { name: file.name })}
        disabled={save.isPending}
        onClick={() => save.mutate('fail')}
      >
        {t('saveShort')}
      </Button>
      {save.data && (
        <Alert tone="success" live>
          <p>{t('saved', { path: save.data.path })}</p>
        </Alert>
      )}
      {conflict && (
        <Alert tone="warning" live>
          <p>{t('conflict', { name: file.name })}</p>
          <Button variant="secondary" size="small" onClick={() => save.mutate('rename')}>
            {t('rename')}
          </Button>{' '}
          <Button variant="tertiary" size="small" onClick={() => save.reset()}>
            {t('cancel')}
          </Button>
        </Alert>
      )}
      {save.error && !conflict && <ErrorAlert error={save.error} />}
    </>
  );
}

const ko = {
  save: '{{name}} 문서함에 저장',
  saveShort: '문서함에 저장',
  saved: '문서함에 저장했습니다: {{path}}',
  conflict: '문서함에 이미 "{{name}}" 파일이 있습니다. 기존 문서는 그대로 두고 다른 이름으로 저장할 수 있습니다.',
  rename: '다른 이름으로 저장',
  cancel: '취소',
};
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
const en: Shape<typeof ko> = {
  save: 'Save {{name}} to the document folder',
  saveShort: 'Save to documents',
  saved: 'Saved to the document folder: {{path}}',
  conflict: 'The document folder already has "{{name}}". You can leave it as it is and save under another name.',
  rename: 'Save under another name',
  cancel: 'Cancel',
};
registerTexts('room-documents', { ko, en });
