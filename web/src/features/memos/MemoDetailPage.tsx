import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError, errorText } from '../../api/errors';
import { api, download } from '../../api/http';
import { Attachments, FileList, useUploads } from '../../ui/attachments';
import { Alert, Button, ErrorAlert, Loading, PageHeader, TextArea } from '../../ui/components';
import { formatDateTime } from '../../ui/format';
import { formatDeadline } from '../../ui/format-when';
import { storeMemo, useMemoReport, useMemoStatus, type MemoStatus, type MemoView } from './api';

export function MemoDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('memos');
  const memo = useMemoReport(id);
  const location = useLocation();
  const sent = (location.state as { sent?: boolean } | null)?.sent === true;
  if (memo.isPending) {
    return (
      <div className="page">
        <Loading />
      </div>
    );
  }
  if (memo.isError) {
    const missing = memo.error instanceof ApiError && memo.error.status === 404;
    return (
      <div className="page page--narrow">
        <PageHeader title={missing ? t('detail.notFoundTitle') : t('detail.errorTitle')} />
        {missing ? (
          <p>{t('detail.notFound')}</p>
        ) : (
          <ErrorAlert error={memo.error} onRetry={() => void memo.refetch()} />
        )}
        <Link className="btn btn--secondary" to="/memos">
          {t('detail.back')}
        </Link>
      </div>
    );
  }
  const view = memo.data;
  return (
    <div className="page memo-detail">
      <nav aria-label={t('detail.breadcrumb')} className="memo-detail__crumbs no-print">
        <Link to={view.counts ? '/memos/sent' : '/memos/inbox'}>
          {view.counts ? t('sent.title') : t('inbox.title')}
        </Link>
      </nav>
      <PageHeader title={view.title}>
        <div className="row">
          {view.opinionRequested && <span className="memo-badge memo-badge--ask">{t('opinionRequested')}</span>}
          {!view.open && <span className="memo-badge">{t('closed')}</span>}
          <span className="subtle">#{view.ref}</span>
        </div>
      </PageHeader>
      {sent && (
        <Alert tone="success" live>
          <p>{t('detail.sent')}</p>
        </Alert>
      )}
      <MemoBody memo={view} />
      {view.counts ? <AuthorPanel memo={view} /> : view.mine ? <RecipientPanel memo={view} /> : null}
    </div>
  );
}

function MemoBody({ memo }: { memo: MemoView }) {
  const { t } = useTranslation('memos');
  return (
    <article className="memo-body" aria-labelledby="memo-content">
      <h2 id="memo-content" className="visually-hidden">
        {t('detail.content')}
      </h2>
      <dl className="memo-facts">
        <dt>{t('fields.author')}</dt>
        <dd>
          {memo.author.displayName} <span className="subtle">· {memo.author.agencyName}</span>
        </dd>
        <dt>{t('fields.sentAt')}</dt>
        <dd>{formatDateTime(memo.createdAt)}</dd>
        <dt>{t('fields.to')}</dt>
        <dd>
          {memo.addressees.map((a) => `${a.name}${a.kind === 'user' ? '' : ` (${t(`kind.${a.kind}`)})`}`).join(', ')}
        </dd>
        <dt>{t('fields.deadline')}</dt>
        <dd>{memo.deadlineAt ? formatDeadline(memo.deadlineAt) : t('detail.noDeadline')}</dd>
      </dl>
      <p className="memo-body__text">{memo.body}</p>
      {memo.files.length > 0 && (
        <div className="memo-body__files">
          <h3>{t('fields.files')}</h3>
          <FileList files={memo.files} label={t('fields.files')} />
        </div>
      )}
    </article>
  );
}

/** The addressee's part: acknowledge, and give (or change, until the deadline) an opinion with files. */
function RecipientPanel({ memo }: { memo: MemoView }) {
  const { t } = useTranslation('memos');
  const client = useQueryClient();
  const mine = memo.mine!;
  const [text, setText] = useState(mine.opinion ?? '');
  const [editing, setEditing] = useState(mine.opinion === null);
  const uploads = useUploads(mine.files);
  const [problem, setProblem] = useState<string | null>(null);
  const acknowledge = useMutation({
    mutationFn: () => api<MemoView>(`/memos/${memo.id}/acknowledge`, { method: 'POST' }),
    onSuccess: (view) => storeMemo(client, view),
  });
  const opinion = useMutation({
    mutationFn: (body: { text: string; fileIds: string[] }) =>
      api<MemoView>(`/memos/${memo.id}/opinion`, { method: 'PUT', body }),
    onSuccess: (view) => {
      storeMemo(client, view);
      uploads.reset(view.mine?.files ?? []);
      setEditing(false);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) {
      setProblem(t('answer.opinionRequired'));
      return;
    }
    setProblem(null);
    opinion.mutate({ text: text.trim(), fileIds: uploads.fileIds });
  };
  return (
    <section className="memo-answer" aria-labelledby="memo-answer-heading">
      <h2 id="memo-answer-heading">{t('answer.title')}</h2>
      <ul className="memo-answer__steps">
        <li>{mine.readAt ? t('answer.readAt', { when: formatDateTime(mine.readAt) }) : t('receipt.unread')}</li>
        <li>
          {mine.acknowledgedAt
            ? t('answer.acknowledgedAt', { when: formatDateTime(mine.acknowledgedAt) })
            : t('answer.notAcknowledged')}
        </li>
        {memo.opinionRequested && (
          <li>
            {mine.opinionAt ? t('answer.opinionAt', { when: formatDateTime(mine.opinionAt) }) : t('answer.noOpinion')}
          </li>
        )}
      </ul>
      {!mine.acknowledgedAt && (
        <Button onClick={() => acknowledge.mutate()} disabled={acknowledge.isPending}>
          {t('answer.acknowledge')}
        </Button>
      )}
      {acknowledge.isError && <ErrorAlert error={acknowledge.error} />}
      {memo.opinionRequested && (
        <div className="memo-opinion">
          <h3>{t('answer.opinion')}</h3>
          {!memo.open && <Alert tone="warning">{t('answer.closedNote')}</Alert>}
          {!editing && mine.opinion !== null ? (
            <>
              <p className="memo-body__text">{mine.opinion}</p>
              <FileList files={mine.files} label={t('answer.opinionFiles')} />
              {memo.open && (
                <Button variant="secondary" onClick={() => setEditing(true)}>
                  {t('answer.change')}
                </Button>
              )}
            </>
          ) : (
            memo.open && (
              <form onSubmit={submit} noValidate>
                <TextArea
                  label={t('answer.opinionLabel')}
                  hint={
                    memo.deadlineAt
                      ? t('answer.editableUntil', { when: formatDeadline(memo.deadlineAt) })
                      : t('answer.editable')
                  }
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  rows={6}
                  maxLength={20_000}
                  error={problem}
                />
                <Attachments uploads={uploads} label={t('answer.attach')} />
                {opinion.isError && <ErrorAlert error={opinion.error} />}
                <div className="row">
                  <Button type="submit" disabled={opinion.isPending || uploads.busy}>
                    {mine.opinion === null ? t('answer.submit') : t('answer.update')}
                  </Button>
                  {mine.opinion !== null && (
                    <Button variant="secondary" onClick={() => setEditing(false)}>
                      {t('compose.cancel')}
                    </Button>
                  )}
                </div>
              </form>
            )
          )}
        </div>
      )}
    </section>
  );
}

/** The author's part: the live table, the nudge, the exports. */
function AuthorPanel({ memo }: { memo: MemoView }) {
  const { t, i18n } = useTranslation('memos');
  const status = useMemoStatus(memo.id, true);
  const [exportError, setExportError] = useState<string | null>(null);
  const nudge = useMutation({
    mutationFn: () => api<{ nudging: number; recentlyNudged: number }>(`/memos/${memo.id}/nudge`, { method: 'POST' }),
  });
  const save = (path: string, name: string) => {
    setExportError(null);
    download(`/memos/${memo.id}/${path}`, name).catch((e: unknown) => setExportError(errorText(e, i18n.language)));
  };
  const counts = status.data ?? memo.counts;
  return (
    <section className="memo-status" aria-labelledby="memo-status-heading">
      <h2 id="memo-status-heading">{t('status.title')}</h2>
      {counts && (
        <ul className="memo-counts" aria-label={t('status.counts')}>
          <li>
            <span className="memo-counts__label">{t('status.delivered')}</span>{' '}
            <strong>{t('status.ofTotal', { count: counts.delivered, total: counts.total })}</strong>
          </li>
          <li>
            <span className="memo-counts__label">{t('status.read')}</span>{' '}
            <strong>{t('status.ofTotal', { count: counts.read, total: counts.total })}</strong>
          </li>
          <li>
            <span className="memo-counts__label">{t('status.acknowledged')}</span>{' '}
            <strong>{t('status.ofTotal', { count: counts.acknowledged, total: counts.total })}</strong>
          </li>
          {memo.opinionRequested && (
            <li>
              <span className="memo-counts__label">{t('status.opinions')}</span>{' '}
              <strong>{t('status.ofTotal', { count: counts.opinions, total: counts.total })}</strong>
            </li>
          )}
        </ul>
      )}
      <div className="row memo-actions no-print">
        <Button variant="secondary" disabled={!memo.open || nudge.isPending} onClick={() => nudge.mutate()}>
          {t('status.nudge')}
        </Button>
        <Button variant="secondary" onClick={() => save('opinions.csv', `memo-${memo.ref}-opinions.csv`)}>
          {t('status.csv')}
        </Button>
        <Button variant="secondary" onClick={() => save('summary.pdf', `memo-${memo.ref}-summary.pdf`)}>
          {t('status.pdf')}
        </Button>
        <Button variant="secondary" onClick={() => save('summary.html', `memo-${memo.ref}-summary.html`)}>
          {t('status.html')}
        </Button>
        <Button variant="tertiary" onClick={() => window.print()}>
          {t('status.print')}
        </Button>
      </div>
      {!memo.open && <p className="subtle no-print">{t('status.closedNoNudge')}</p>}
      <div role="status" className="no-print">
        {nudge.isSuccess && (
          <Alert tone="success">
            {nudge.data.nudging > 0 ? t('status.nudged', { count: nudge.data.nudging }) : t('status.nobodyToNudge')}
            {nudge.data.recentlyNudged > 0
              ? ` ${t('status.recentlyNudged', { count: nudge.data.recentlyNudged })}`
              : ''}
          </Alert>
        )}
      </div>
      {nudge.isError && <ErrorAlert error={nudge.error} />}
      {exportError && (
        <Alert tone="danger" live>
          {exportError}
        </Alert>
      )}
      {status.isPending && <Loading />}
      {status.isError && <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />}
      {status.data && <StatusTable memo={memo} status={status.data} />}
    </section>
  );
}

function StatusTable({ memo, status }: { memo: MemoView; status: MemoStatus }) {
  const { t } = useTranslation('memos');
  const when = (iso: string | null) => (iso ? formatDateTime(iso) : <span className="subtle">{t('status.not')}</span>);
  return (
    <>
      <div className="table-wrap memo-table">
        <table className="table">
          <caption className="visually-hidden">{t('status.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('status.person')}</th>
              <th scope="col">{t('status.delivered')}</th>
              <th scope="col">{t('status.read')}</th>
              <th scope="col">{t('status.acknowledged')}</th>
              {memo.opinionRequested && <th scope="col">{t('status.opinion')}</th>}
            </tr>
          </thead>
          <tbody>
            {status.rows.map((row) => (
              <tr key={row.userId}>
                <th scope="row">
                  {row.displayName}
                  {row.agencyName && <span className="memo-table__agency">{row.agencyName}</span>}
                </th>
                <td data-label={t('status.delivered')}>{when(row.deliveredAt)}</td>
                <td data-label={t('status.read')}>{when(row.readAt)}</td>
                <td data-label={t('status.acknowledged')}>{when(row.acknowledgedAt)}</td>
                {memo.opinionRequested && (
                  <td data-label={t('status.opinion')} className="memo-table__opinion">
                    {row.opinion ? (
                      <>
                        <p className="memo-body__text">{row.opinion}</p>
                        <span className="subtle">{row.opinionAt && formatDateTime(row.opinionAt)}</span>
                        <FileList files={row.files} label={t('status.opinionFilesOf', { name: row.displayName })} />
                      </>
                    ) : (
                      <span className="subtle">{t('status.noOpinion')}</span>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t('status.missing', { count: status.missing.length })}</h3>
      <p>
        {status.missing.length > 0
          ? status.missing.map((m) => `${m.displayName}${m.agencyName ? ` (${m.agencyName})` : ''}`).join(', ')
          : t('status.allAnswered')}
      </p>
    </>
  );
}
