import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download } from '../../../api/http';
import type { MessageView } from '../../../api/types';
import { formatBytes } from '../../../ui/format';
import { Icon } from './Icon';
import { useFileBlob } from './queries';
import { SaveToDocuments, useDocumentsLinked } from './SaveToDocuments';

type Attachment = MessageView['attachments'][number];

/** Raster images are previewed; anything else (SVG included) is only offered as a download. */
const PREVIEWABLE = /^image\/(png|jpeg|gif|webp|avif|bmp)$/;

function ImagePreview({ file }: { file: Attachment }) {
  const { t } = useTranslation('room');
  const blob = useFileBlob(file.id, true);
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob.data) return;
    const created = URL.createObjectURL(blob.data);
    setUrl(created);
    return () => URL.revokeObjectURL(created);
  }, [blob.data]);
  if (blob.isError) return <p className="attachment__note subtle">{t('files.previewFailed')}</p>;
  return (
    <div className="attachment__preview">
      {url ? (
        <img src={url} alt={t('files.preview', { name: file.name })} />
      ) : (
        <span className="attachment__placeholder" aria-hidden="true" />
      )}
    </div>
  );
}

export function Attachments({
  files,
  focusable,
  roomId = null,
}: {
  files: Attachment[];
  focusable: boolean;
  roomId?: string | null;
}) {
  const { t } = useTranslation('room');
  const documents = useDocumentsLinked(files.length > 0 ? roomId : null);
  if (files.length === 0) return null;
  return (
    <ul className="attachments">
      {files.map((file) => (
        <li key={file.id} className="attachment">
          {PREVIEWABLE.test(file.contentType) && <ImagePreview file={file} />}
          <div className="attachment__row">
            <span className="attachment__icon">
              <Icon name={PREVIEWABLE.test(file.contentType) ? 'image' : 'file'} />
            </span>
            <span className="attachment__name">{file.name}</span>
            <span className="attachment__size subtle">{formatBytes(file.size)}</span>
            <button
              type="button"
              className="btn btn--secondary btn--small attachment__download"
              tabIndex={focusable ? undefined : -1}
              aria-label={t('files.download', { name: file.name })}
              onClick={() => void download(`/files/${file.id}/content`, file.name)}
            >
              {t('files.downloadShort')}
            </button>
            {documents && roomId && <SaveToDocuments roomId={roomId} file={file} focusable={focusable} />}
          </div>
        </li>
      ))}
    </ul>
  );
}
