import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Navigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/http';
import { hasRole, useMe } from '../../app/session-context';
import { Attachments, useUploads } from '../../ui/attachments';
import { newClientKey } from '../../ui/client-key';
import { Alert, Button, ErrorAlert, Loading, PageHeader, TextArea, TextField } from '../../ui/components';
import { useFeed, useWalls, wallKeys, type Order, type WallPostView, type WallView } from './api';
import { PostCard } from './PostCard';

/** A wall: the walls to choose from, writing a post, and the newest or most popular posts, page by page. */
export function WallPage() {
  const { t } = useTranslation('wall');
  const { wallId } = useParams();
  const walls = useWalls();
  const [params, setParams] = useSearchParams();
  const order: Order = params.get('order') === 'popular' ? 'popular' : 'newest';
  // Without one named, the government-wide wall (the one everybody shares).
  const wall = wallId
    ? walls.data?.find((w) => w.id === wallId)
    : (walls.data?.find((w) => w.kind === 'government') ?? walls.data?.[0]);
  const feed = useFeed(wall?.id, order);
  const posts = feed.data?.pages.flatMap((p) => p.posts) ?? [];

  if (walls.isSuccess && wallId && !wall) return <Navigate to="/wall" replace />;

  return (
    <div className="page page--wall">
      <div className="wall-layout">
        <WallNav walls={walls.data} current={wall?.id} />
        <div className="wall-main">
          {walls.isPending && <Loading />}
          {walls.isError && <ErrorAlert error={walls.error} onRetry={() => void walls.refetch()} />}
          {wall && (
            <>
              <PageHeader title={wall.name}>
                <p className="subtle">{wall.allowAnonymous ? t('wall.anonymousAllowed') : t('wall.namedOnly')}</p>
              </PageHeader>
              {wall.moderator && <WallSettings wall={wall} />}
              <Composer wall={wall} />
              <div className="wall-order" role="group" aria-label={t('feed.order')}>
                {(['newest', 'popular'] as const).map((o) => (
                  <Button
                    key={o}
                    variant={order === o ? 'primary' : 'secondary'}
                    size="small"
                    aria-pressed={order === o}
                    onClick={() => setParams(o === 'newest' ? {} : { order: o }, { replace: true })}
                  >
                    {t(`feed.${o}`)}
                  </Button>
                ))}
              </div>
              <h2 className="visually-hidden">{t(`feed.${order}`)}</h2>
              {feed.isPending && <Loading />}
              {feed.isError && <ErrorAlert error={feed.error} onRetry={() => void feed.refetch()} />}
              {feed.isSuccess && posts.length === 0 && <p className="wall-empty">{t('feed.empty')}</p>}
              {posts.length > 0 && (
                <ul className="wall-feed" aria-label={t('feed.label', { wall: wall.name })}>
                  {posts.map((post) => (
                    <li key={post.id}>
                      <PostCard post={post} wall={wall} />
                    </li>
                  ))}
                </ul>
              )}
              {feed.hasNextPage && (
                <Button
                  variant="secondary"
                  onClick={() => void feed.fetchNextPage()}
                  disabled={feed.isFetchingNextPage}
                >
                  {feed.isFetchingNextPage ? t('feed.loadingMore') : t('feed.more')}
                </Button>
              )}
            </>
          )}
        </div>
      </div>
    </div>
  );
}

export function WallNav({ walls, current }: { walls: WallView[] | undefined; current?: string }) {
  const { t } = useTranslation('wall');
  const { data: me } = useMe();
  const moderator = hasRole(me, 'agency_admin', 'system_admin');
  return (
    <nav className="wall-nav" aria-label={t('nav.label')}>
      <h2 className="wall-nav__title">{t('nav.title')}</h2>
      <ul>
        {(walls ?? []).map((w) => (
          <li key={w.id}>
            <Link to={`/wall/${w.id}`} aria-current={w.id === current ? 'page' : undefined} className="wall-nav__link">
              {w.name}
              <span className="subtle wall-nav__kind">{t(`kind.${w.kind}`)}</span>
            </Link>
          </li>
        ))}
      </ul>
      {moderator && (
        <>
          <NavLink to="/wall/reports" className="btn btn--secondary btn--small btn--block wall-nav__reports">
            {t('reports.open')}
          </NavLink>
          <NewTopicWall />
        </>
      )}
    </nav>
  );
}

function NewTopicWall() {
  const { t } = useTranslation('wall');
  const client = useQueryClient();
  const { data: me } = useMe();
  const system = hasRole(me, 'system_admin');
  const [name, setName] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [agencyOnly, setAgencyOnly] = useState(!system);
  const create = useMutation({
    mutationFn: () =>
      api<WallView>('/walls', { method: 'POST', body: { name: name.trim(), allowAnonymous: anonymous, agencyOnly } }),
    onSuccess: () => {
      setName('');
      void client.invalidateQueries({ queryKey: wallKeys.walls });
    },
  });
  return (
    <details className="wall-new">
      <summary>{t('newWall.open')}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) create.mutate();
        }}
      >
        <TextField
          label={t('newWall.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={200}
          required
        />
        <label className="wall-check">
          <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} />
          <span>{t('newWall.anonymous')}</span>
        </label>
        <label className="wall-check">
          <input
            type="checkbox"
            checked={agencyOnly}
            disabled={!system}
            onChange={(e) => setAgencyOnly(e.target.checked)}
          />
          <span>{t('newWall.agencyOnly')}</span>
        </label>
        {create.isError && <ErrorAlert error={create.error} />}
        {create.isSuccess && (
          <Alert tone="success" live>
            {t('newWall.created', { name: create.data.name })}
          </Alert>
        )}
        <Button type="submit" size="small" disabled={!name.trim() || create.isPending}>
          {t('newWall.submit')}
        </Button>
      </form>
    </details>
  );
}

function WallSettings({ wall }: { wall: WallView }) {
  const { t } = useTranslation('wall');
  const client = useQueryClient();
  const put = (updated: WallView) =>
    client.setQueryData<WallView[]>(wallKeys.walls, (list) => list?.map((w) => (w.id === updated.id ? updated : w)));
  // The box shows the change at once; a refusal puts it back.
  const toggle = useMutation({
    mutationFn: (allowAnonymous: boolean) =>
      api<WallView>(`/walls/${wall.id}`, { method: 'PATCH', body: { allowAnonymous } }),
    onMutate: (allowAnonymous) => put({ ...wall, allowAnonymous }),
    onSuccess: put,
    onError: () => put(wall),
  });
  return (
    <div className="wall-settings">
      <label className="wall-check">
        <input
          type="checkbox"
          checked={wall.allowAnonymous}
          disabled={toggle.isPending}
          onChange={(e) => toggle.mutate(e.target.checked)}
        />
        <span>{t('wall.allowAnonymous')}</span>
      </label>
      {toggle.isError && <ErrorAlert error={toggle.error} />}
    </div>
  );
}

function Composer({ wall }: { wall: WallView }) {
  const { t } = useTranslation('wall');
  const client = useQueryClient();
  const [body, setBody] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [key, setKey] = useState(newClientKey);
  const uploads = useUploads();
  const post = useMutation({
    mutationFn: () =>
      api<WallPostView>(`/walls/${wall.id}/posts`, {
        method: 'POST',
        body: {
          body: body.trim(),
          anonymous: wall.allowAnonymous && anonymous,
          fileIds: uploads.fileIds,
          clientKey: key,
        },
      }),
    onSuccess: () => {
      setBody('');
      setAnonymous(false);
      uploads.reset();
      setKey(newClientKey());
      // Both orders of this wall: the one not shown must not keep a page without the new post.
      void client.invalidateQueries({ queryKey: [...wallKeys.feeds, wall.id] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) {
      setProblem(t('compose.required'));
      return;
    }
    setProblem(null);
    post.mutate();
  };
  return (
    <form className="wall-composer" onSubmit={submit} noValidate aria-labelledby="wall-compose-heading">
      <h2 id="wall-compose-heading" className="wall-composer__title">
        {t('compose.title')}
      </h2>
      <TextArea
        label={t('compose.body')}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        rows={4}
        maxLength={10_000}
        error={problem}
      />
      {wall.allowAnonymous && (
        <div className="field">
          <label className="wall-check">
            <input
              type="checkbox"
              checked={anonymous}
              onChange={(e) => setAnonymous(e.target.checked)}
              aria-describedby="wall-anon-hint"
            />
            <span>{t('compose.anonymous')}</span>
          </label>
          <span id="wall-anon-hint" className="field__hint">
            {t('compose.anonymousHint')}
          </span>
        </div>
      )}
      <Attachments uploads={uploads} />
      {post.isError && <ErrorAlert error={post.error} />}
      {post.isSuccess && (
        <Alert tone="success" live>
          {post.data.anonymous ? t('compose.postedAnonymously') : t('compose.posted')}
        </Alert>
      )}
      <Button type="submit" disabled={post.isPending || uploads.busy}>
        {post.isPending ? t('compose.posting') : t('compose.submit')}
      </Button>
    </form>
  );
}
