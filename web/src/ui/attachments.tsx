import { useCallback, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileView } from '@server/files/file.service';
import { errorText } from '../api/errors';
import { api, download } from '../api/http';
import { registerTexts } from '../i18n';
import { formatBytes } from './format';
import './attachments.css';

/**
 * Files for memos, opinions and wall posts: uploaded one by one with `POST /files?name=…` (only
 * their uploader reads them until a memo, an opinion or a post claims them by id), each with its
 * own progress bar; and the download buttons that fetch a file with the person's token.
 */
registerTexts('attachments', {
  ko: {
    choose: '파일 첨부',
    uploading: '{{name}} 올리는 중 {{percent}}%',
    uploaded: '{{name}} 첨부됨',
    failed: '{{name}}: {{error}}',
    remove: '{{name}} 빼기',
    removeShort: '빼기',
    list: '첨부 파일',
    downloadShort: '내려받기',
    downloadFailed: '내려받지 못했습니다: {{error}}',
  },
  en: {
    choose: 'Attach files',
    uploading: 'Uploading {{name}}: {{percent}}%',
    uploaded: '{{name}} attached',
    failed: '{{name}}: {{error}}',
    remove: 'Remove {{name}}',
    removeShort: 'Remove',
    list: 'Attachments',
    downloadShort: 'download',
    downloadFailed: 'Could not download: {{error}}',
  },
});

export interface Upload {
  key: string;
  name: string;
  size: number;
  /** 0..1 while uploading. */
  progress: number;
  file: FileView | null;
  error: string | null;
}

/** The uploads of one form: add files (each uploads at once), remove them, and the ids to send. */
export function useUploads(initial: FileView[] = []) {
  const { i18n } = useTranslation();
  const [items, setItems] = useState<Upload[]>(() =>
    initial.map((f) => ({ key: f.id, name: f.name, size: f.size, progress: 1, file: f, error: null })),
  );
  const counter = useRef(0);
  const patch = (key: string, change: Partial<Upload>) =>
    setItems((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));

  const add = useCallback(
    (files: FileList | File[]) => {
      for (const file of Array.from(files)) {
        const key = `u${(counter.current += 1)}`;
        setItems((list) => [...list, { key, name: file.name, size: file.size, progress: 0, file: null, error: null }]);
        api<FileView>('/files', {
          method: 'POST',
          query: { name: file.name },
          raw: file,
          onProgress: (progress) => patch(key, { progress }),
        }).then(
          (stored) => patch(key, { file: stored, progress: 1 }),
          (error: unknown) => patch(key, { error: errorText(error, i18n.language) }),
        );
      }
    },
    [i18n.language],
  );
  const remove = (key: string) => setItems((list) => list.filter((u) => u.key !== key));
  const reset = (files: FileView[] = []) =>
    setItems(files.map((f) => ({ key: f.id, name: f.name, size: f.size, progress: 1, file: f, error: null })));
  const busy = items.some((u) => !u.file && !u.error);
  const fileIds = items.flatMap((u) => (u.file ? [u.file.id] : []));
  return { items, add, remove, reset, busy, fileIds };
}

export type Uploads = ReturnType<typeof useUploads>;

/** The file chooser and the list of uploads with their progress. */
export function Attachments({ uploads, label }: { uploads: Uploads; label?: string }) {
  const { t } = useTranslation('attachments');
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="attachments">
      <input
        ref={input}
        id={id}
        className="attachments__input"
        type="file"
        multiple
        onChange={(e) => {
          if (e.target.files) uploads.add(e.target.files);
          e.target.value = '';
        }}
      />
      <label htmlFor={id} className="btn btn--secondary btn--small attachments__choose">
        {label ?? t('choose')}
      </label>
      {uploads.items.length > 0 && (
        <ul className="attachments__list" aria-label={t('list')}>
          {uploads.items.map((u) => (
            <li key={u.key} className="attachments__item">
              <div className="attachments__name">
                <span>{u.name}</span> <span className="subtle">{formatBytes(u.size)}</span>
              </div>
              {!u.file && !u.error && (
                <div className="attachments__progress">
                  <progress
                    max={1}
                    value={u.progress}
                    aria-label={t('uploading', { name: u.name, percent: Math.round(u.progress * 100) })}
                  />
                  <span aria-hidden="true">{Math.round(u.progress * 100)}%</span>
                </div>
              )}
              {u.file && (
                <span className="visually-hidden" role="status">
                  {t('uploaded', { name: u.name })}
                </span>
              )}
              {u.error && (
                <p className="field__error" role="alert">
                  {t('failed', { name: u.name, error: u.error })}
                </p>
              )}
              <button
                type="button"
                className="btn btn--tertiary btn--small"
                aria-label={t('remove', { name: u.name })}
                onClick={() => uploads.remove(u.key)}
              >
                {t('removeShort')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Files someone may download: each a button that fetches it with the person's token. */
export function FileList({ files, label }: { files: Array<Pick<FileView, 'id' | 'name' | 'size'>>; label?: string }) {
  const { t, i18n } = useTranslation('attachments');
  const [error, setError] = useState<string | null>(null);
  if (files.length === 0) return null;
  return (
    <div>
      <ul className="attachments__files" aria-label={label ?? t('list')}>
        {files.map((f) => (
          <li key={f.id}>
            <button
              type="button"
              className="btn btn--tertiary btn--small attachments__download"
              onClick={() => {
                setError(null);
                download(`/files/${f.id}/content`, f.name).catch((e: unknown) =>
                  setError(t('downloadFailed', { error: errorText(e, i18n.language) })),
                );
              }}
            >
              {f.name} <span className="subtle">{formatBytes(f.size)}</span>{' '}
              <span className="visually-hidden">{t('downloadShort')}</span>
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
