import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert, Loading, PageHeader } from '../../ui/components';
import { formatDateTime } from '../../ui/format';
import { formatDeadline } from '../../ui/format-when';
import { useMemoList, type Box, type MemoView } from './api';

/** The inbox (memos to me, with where I am with each) and the sent box (with its counts). */
export function MemoListPage({ box }: { box: Box }) {
  const { t } = useTranslation('memos');
  const list = useMemoList(box);
  return (
    <div className="page">
      <PageHeader
        title={box === 'inbox' ? t('inbox.title') : t('sent.title')}
        actions={
          <Link className="btn" to="/memos/new">
            {t('compose.open')}
          </Link>
        }
      >
        <p className="subtle">{t('intro')}</p>
      </PageHeader>
      <nav className="memo-tabs" aria-label={t('boxes')}>
        <Link to="/memos/inbox" className="memo-tabs__link" aria-current={box === 'inbox' ? 'page' : undefined}>
          {t('inbox.tab')}
        </Link>
        <Link to="/memos/sent" className="memo-tabs__link" aria-current={box === 'sent' ? 'page' : undefined}>
          {t('sent.tab')}
        </Link>
      </nav>
      {list.isPending && <Loading />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && list.data.length === 0 && (
        <div className="memo-empty">
          <p>{box === 'inbox' ? t('inbox.empty') : t('sent.empty')}</p>
          {box === 'sent' && (
            <Link className="btn btn--secondary" to="/memos/new">
              {t('compose.open')}
            </Link>
          )}
        </div>
      )}
      {list.isSuccess && list.data.length > 0 && (
        <ul className="memo-list" aria-label={box === 'inbox' ? t('inbox.title') : t('sent.title')}>
          {list.data.map((memo) => (
            <li key={memo.id} className={`memo-item${memo.mine && !memo.mine.readAt ? ' memo-item--unread' : ''}`}>
              <div className="row">
                {box === 'inbox' && <ReceiptBadge memo={memo} />}
                {memo.opinionRequested && <span className="memo-badge memo-badge--ask">{t('opinionRequested')}</span>}
                {!memo.open && <span className="memo-badge">{t('closed')}</span>}
              </div>
              <h2 className="memo-item__title">
                <Link to={`/memos/${memo.id}`}>{memo.title}</Link>
              </h2>
              <p className="memo-item__meta subtle">
                {box === 'inbox'
                  ? t('from', { name: memo.author.displayName, agency: memo.author.agencyName })
                  : t('to', { names: memo.addressees.map((a) => a.name).join(', ') })}{' '}
                · {formatDateTime(memo.createdAt)}
                {memo.deadlineAt && ` · ${t('deadlineAt', { when: formatDeadline(memo.deadlineAt) })}`}
              </p>
              {memo.counts && <p className="memo-item__counts">{t('countsLine', { ...memo.counts })}</p>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ReceiptBadge({ memo }: { memo: MemoView }) {
  const { t } = useTranslation('memos');
  const mine = memo.mine;
  if (!mine) return null;
  if (mine.opinionAt) return <span className="memo-badge memo-badge--done">{t('receipt.opinion')}</span>;
  if (mine.acknowledgedAt) return <span className="memo-badge memo-badge--done">{t('receipt.acknowledged')}</span>;
  if (mine.readAt) return <span className="memo-badge">{t('receipt.read')}</span>;
  return <span className="memo-badge memo-badge--new">{t('receipt.unread')}</span>;
}
