import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { download } from '../../api/http';
import { Button, ErrorAlert, Loading, PageHeader } from '../../ui/components';
import { formatBytes, formatDateTime } from '../../ui/format';
import { useMail } from './api';
import { MailText } from './MailText';

/** One kept mail: who, what, the text with its links followable, the files (the .ics) and the HTML as downloads. */
export function MailPage() {
  const { t } = useTranslation('admin');
  const { mailId = '' } = useParams();
  const mail = useMail(mailId);
  const [failure, setFailure] = useState<unknown>(null);
  const save = (path: string, name: string) => {
    setFailure(null);
    download(path, name).catch(setFailure);
  };

  return (
    <div className="page">
      <p>
        <Link to="/admin/mailbox">← {t('mailbox.back')}</Link>
      </p>
      {mail.isPending && <Loading />}
      {mail.error && <ErrorAlert error={mail.error} />}
      {mail.data && (
        <>
          <PageHeader title={mail.data.subject} />
          <dl className="mail-head">
            <dt>{t('mailbox.from')}</dt>
            <dd className="address">{mail.data.from}</dd>
            <dt>{t('mailbox.to')}</dt>
            <dd className="address">{mail.data.to}</dd>
            {mail.data.replyTo && (
              <>
                <dt>{t('mailbox.replyTo')}</dt>
                <dd className="address">{mail.data.replyTo}</dd>
              </>
            )}
            <dt>{t('mailbox.at')}</dt>
            <dd>{formatDateTime(mail.data.createdAt)}</dd>
            <dt>{t('mailbox.kind')}</dt>
            <dd>{mail.data.kind}</dd>
            <dt>{t('mailbox.status')}</dt>
            <dd>
              {t(`mailbox.statuses.${mail.data.status}`)}
              {mail.data.status === 'failed' &&
                mail.data.lastError &&
                ` · ${t('mailbox.failed', { reason: mail.data.lastError })}`}
            </dd>
          </dl>
          {failure !== null && <ErrorAlert error={failure} />}
          <section aria-labelledby="mail-files">
            <h2 id="mail-files">{t('mailbox.attachments')}</h2>
            {mail.data.attachments.length === 0 && !mail.data.hasHtml && (
              <p className="subtle">{t('mailbox.noAttachments')}</p>
            )}
            <ul className="stack" style={{ listStyle: 'none', padding: 0 }}>
              {mail.data.attachments.map((file) => (
                <li key={file.ordinal}>
                  <Button
                    variant="secondary"
                    size="small"
                    onClick={() => save(`/admin-api/mailbox/${mailId}/attachments/${file.ordinal}`, file.filename)}
                  >
                    {t('mailbox.download', { name: file.filename, size: formatBytes(file.size) })}
                  </Button>
                </li>
              ))}
              {mail.data.hasHtml && (
                <li>
                  <Button
                    variant="secondary"
                    size="small"
                    onClick={() => save(`/admin-api/mailbox/${mailId}/html`, `mail-${mailId.slice(0, 8)}.html`)}
                  >
                    {t('mailbox.html')}
                  </Button>{' '}
                  <span className="subtle">{t('mailbox.htmlNote')}</span>
                </li>
              )}
            </ul>
          </section>
          <section aria-labelledby="mail-body">
            <h2 id="mail-body">{t('mailbox.body')}</h2>
            <MailText text={mail.data.text} className="mail-body" />
          </section>
          <details>
            <summary>{t('mailbox.headers')}</summary>
            <dl className="mail-head">
              <dt>{t('mailbox.messageId')}</dt>
              <dd className="address">{mail.data.messageId}</dd>
              {Object.entries(mail.data.headers).map(([name, value]) => (
                <div key={name} style={{ display: 'contents' }}>
                  <dt>{name}</dt>
                  <dd className="address">{value}</dd>
                </div>
              ))}
            </dl>
          </details>
        </>
      )}
    </div>
  );
}
