import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { hasRole, useMe } from '../../app/session-context';
import { Alert, Button, ErrorAlert, Loading, PageHeader, TextField } from '../../ui/components';
import { formatDateTime } from '../../ui/format';
import { useMailbox } from './api';

/** What Ieum sent or would have sent (system administrators), newest first. */
export function MailboxPage() {
  const { t } = useTranslation('admin');
  const { data: me } = useMe();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const system = hasRole(me, 'system_admin');
  const mailbox = useMailbox(q);
  const first = mailbox.data?.pages[0];
  const mails = mailbox.data?.pages.flatMap((p) => p.mails) ?? [];

  if (!system) {
    return (
      <div className="page page--narrow">
        <PageHeader title={t('mailbox.title')} />
        <Alert tone="warning">{t('mailbox.systemOnly')}</Alert>
      </div>
    );
  }

  const search = (event: FormEvent) => {
    event.preventDefault();
    setQ(typed.trim());
  };

  return (
    <div className="page">
      <PageHeader title={t('mailbox.title')}>
        <p className="subtle">{t('mailbox.intro')}</p>
        {first && <p className="subtle">{t('mailbox.retention', first.retention)}</p>}
      </PageHeader>
      {first && !first.keeping && <Alert tone="info">{t('mailbox.notKeeping')}</Alert>}
      <form className="search-row" role="search" onSubmit={search}>
        <TextField
          label={t('mailbox.search')}
          type="search"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
        />
        <Button type="submit" variant="secondary">
          {t('actions.search', { ns: 'common' })}
        </Button>
      </form>
      {mailbox.isPending && <Loading />}
      {mailbox.error && <ErrorAlert error={mailbox.error} onRetry={() => void mailbox.refetch()} />}
      {mailbox.data && mails.length === 0 && <p className="subtle">{t('mailbox.empty')}</p>}
      {mails.length > 0 && (
        <div className="admin-table-wrap" role="region" aria-label={t('mailbox.caption')} tabIndex={0}>
          <table className="table">
            <caption className="subtle">{t('mailbox.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('mailbox.subject')}</th>
                <th scope="col">{t('mailbox.to')}</th>
                <th scope="col">{t('mailbox.kind')}</th>
                <th scope="col">{t('mailbox.status')}</th>
                <th scope="col">{t('mailbox.at')}</th>
                <th scope="col">{t('mailbox.files')}</th>
              </tr>
            </thead>
            <tbody>
              {mails.map((mail) => (
                <tr key={mail.id}>
                  <th scope="row">
                    <Link to={`/admin/mailbox/${mail.id}`}>{mail.subject}</Link>
                  </th>
                  <td className="address">{mail.to}</td>
                  <td>{mail.kind}</td>
                  <td>
                    <span className={`badge ${mail.status === 'failed' ? 'badge--danger' : 'badge--muted'}`}>
                      {t(`mailbox.statuses.${mail.status}`)}
                    </span>
                  </td>
                  <td className="nowrap">{formatDateTime(mail.createdAt)}</td>
                  <td className="nowrap">{mail.attachments.map((a) => a.filename).join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mailbox.hasNextPage && (
        <Button variant="secondary" disabled={mailbox.isFetchingNextPage} onClick={() => void mailbox.fetchNextPage()}>
          {t('mailbox.more')}
        </Button>
      )}
    </div>
  );
}
