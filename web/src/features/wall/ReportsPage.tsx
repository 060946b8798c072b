import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/errors';
import { api } from '../../api/http';
import { Button, ErrorAlert, Loading, PageHeader } from '../../ui/components';
import { formatDateTime } from '../../ui/format';
import { useReports, useWalls, wallKeys, type WallReportedView } from './api';
import { WallNav } from './WallPage';

/** The moderators' view: what was reported on the walls they look after, newest report first, with hide and show again. */
export function ReportsPage() {
  const { t } = useTranslation('wall');
  const walls = useWalls();
  const reports = useReports();
  const items = reports.data?.pages.flatMap((p) => p.items) ?? [];
  const refused = reports.error instanceof ApiError && reports.error.status === 403;
  return (
    <div className="page page--wall">
      <div className="wall-layout">
        <WallNav walls={walls.data} />
        <div className="wall-main">
          <PageHeader title={t('reports.title')}>
            <p className="subtle">{t('reports.intro')}</p>
          </PageHeader>
          {reports.isPending && <Loading />}
          {reports.isError &&
            (refused ? (
              <p>{t('reports.notModerator')}</p>
            ) : (
              <ErrorAlert error={reports.error} onRetry={() => void reports.refetch()} />
            ))}
          {reports.isSuccess && items.length === 0 && <p className="wall-empty">{t('reports.empty')}</p>}
          {items.length > 0 && (
            <ul className="wall-feed" aria-label={t('reports.title')}>
              {items.map((item) => (
                <li key={`${item.kind}-${item.id}`}>
                  <Reported item={item} />
                </li>
              ))}
            </ul>
          )}
          {reports.hasNextPage && (
            <Button
              variant="secondary"
              onClick={() => void reports.fetchNextPage()}
              disabled={reports.isFetchingNextPage}
            >
              {t('feed.more')}
            </Button>
          )}
        </div>
      </div>
    </div>
  );
}

function Reported({ item }: { item: WallReportedView }) {
  const { t } = useTranslation('wall');
  const client = useQueryClient();
  const path = item.kind === 'post' ? `/wall-posts/${item.id}/hidden` : `/wall-comments/${item.id}/hidden`;
  const hide = useMutation({
    mutationFn: (on: boolean) => api<unknown>(path, { method: 'PUT', body: { on } }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: wallKeys.reports });
      void client.invalidateQueries({ queryKey: wallKeys.feeds });
    },
  });
  return (
    <article
      className={`wall-post${item.hidden ? ' wall-post--hidden' : ''}`}
      aria-label={t('reports.itemLabel', { kind: t(`reports.kind.${item.kind}`), wall: item.wallName })}
    >
      <header className="wall-post__head">
        <span className="wall-badge">{t(`reports.kind.${item.kind}`)}</span>
        <Link to={`/wall/${item.wallId}`}>{item.wallName}</Link>
        <span className="wall-author">
          {item.author
            ? `${item.author.displayName}${item.author.agencyName ? ` · ${item.author.agencyName}` : ''}`
            : t('post.anonymous')}
        </span>
        <span className="subtle">{formatDateTime(item.createdAt)}</span>
        {item.hidden && <span className="wall-badge wall-badge--hidden">{t('moderation.hidden')}</span>}
      </header>
      <p className="wall-post__body">{item.body}</p>
      <p>
        <strong>{t('moderation.reports', { count: item.reports })}</strong>{' '}
        <span className="subtle">· {t('reports.last', { when: formatDateTime(item.lastReportedAt) })}</span>
      </p>
      {item.reasons.length > 0 && (
        <ul className="wall-reasons" aria-label={t('reports.reasons')}>
          {item.reasons.map((reason, i) => (
            <li key={i}>{reason}</li>
          ))}
        </ul>
      )}
      <Button
        variant={item.hidden ? 'secondary' : 'danger'}
        size="small"
        disabled={hide.isPending}
        onClick={() => hide.mutate(!item.hidden)}
      >
        {item.hidden ? t('moderation.unhide') : t('moderation.hide')}
      </Button>
      {hide.isError && <ErrorAlert error={hide.error} />}
    </article>
  );
}
