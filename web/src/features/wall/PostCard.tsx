import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/http';
import { FileList } from '../../ui/attachments';
import { Alert, Button, ErrorAlert, Loading, TextArea } from '../../ui/components';
import { formatDateTime } from '../../ui/format';
import {
  dropPost,
  patchPost,
  storePost,
  useComments,
  wallKeys,
  type WallCommentView,
  type WallPostView,
  type WallView,
} from './api';

/** Who wrote it, as the API says: a name and agency, or "anonymous" (the API never names the author of an anonymous one). */
function Author({ item }: { item: Pick<WallPostView, 'author' | 'anonymous' | 'mine'> }) {
  const { t } = useTranslation('wall');
  if (!item.author) {
    return (
      <span className="wall-author wall-author--anonymous">
        <strong>{t('post.anonymous')}</strong>
        {item.mine && <span className="subtle"> · {t('post.mineAnonymous')}</span>}
      </span>
    );
  }
  return (
    <span className="wall-author">
      <strong>{item.author.displayName}</strong>
      {item.author.agencyName && <span className="subtle"> · {item.author.agencyName}</span>}
    </span>
  );
}

export function PostCard({ post, wall }: { post: WallPostView; wall: WallView }) {
  const { t } = useTranslation('wall');
  const client = useQueryClient();
  const headingId = useId();
  const [showComments, setShowComments] = useState(false);
  const [reporting, setReporting] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const like = useMutation({
    mutationFn: (on: boolean) => api<WallPostView>(`/wall-posts/${post.id}/like`, { method: 'PUT', body: { on } }),
    onSuccess: (p) => storePost(client, p),
  });
  const hide = useMutation({
    mutationFn: (on: boolean) => api<WallPostView>(`/wall-posts/${post.id}/hidden`, { method: 'PUT', body: { on } }),
    onSuccess: (p) => {
      storePost(client, p);
      void client.invalidateQueries({ queryKey: wallKeys.reports });
    },
  });
  const remove = useMutation({
    mutationFn: () => api<void>(`/wall-posts/${post.id}`, { method: 'DELETE' }),
    onSuccess: () => dropPost(client, post.id),
  });
  const hidden = post.moderation?.hidden ?? false;
  return (
    <article className={`wall-post${hidden ? ' wall-post--hidden' : ''}`} aria-labelledby={headingId}>
      <header className="wall-post__head">
        <h3 id={headingId} className="wall-post__by">
          <Author item={post} />
        </h3>
        <span className="subtle wall-post__when">{formatDateTime(post.createdAt)}</span>
        {post.moderation && (
          <span className="wall-post__moderation">
            {hidden && <span className="wall-badge wall-badge--hidden">{t('moderation.hidden')}</span>}
            {post.moderation.reports > 0 && (
              <span className="wall-badge wall-badge--reported">
                {t('moderation.reports', { count: post.moderation.reports })}
              </span>
            )}
          </span>
        )}
      </header>
      <p className="wall-post__body">{post.body}</p>
      <FileList files={post.files} />
      <div className="wall-post__actions">
        <Button
          variant="tertiary"
          size="small"
          aria-pressed={post.likedByMe}
          disabled={like.isPending}
          onClick={() => like.mutate(!post.likedByMe)}
        >
          <span aria-hidden="true">{post.likedByMe ? '♥' : '♡'}</span> {t('post.like', { count: post.likeCount })}
        </Button>
        <Button variant="tertiary" size="small" aria-expanded={showComments} onClick={() => setShowComments((s) => !s)}>
          {t('post.comments', { count: post.commentCount })}
        </Button>
        {!post.mine && (
          <Button variant="tertiary" size="small" aria-expanded={reporting} onClick={() => setReporting((s) => !s)}>
            {t('report.open')}
          </Button>
        )}
        {wall.moderator && (
          <Button variant="tertiary" size="small" disabled={hide.isPending} onClick={() => hide.mutate(!hidden)}>
            {hidden ? t('moderation.unhide') : t('moderation.hide')}
          </Button>
        )}
        {post.mine &&
          (confirmDelete ? (
            <span className="row" role="group" aria-label={t('post.deleteConfirm')}>
              <span>{t('post.deleteConfirm')}</span>
              <Button variant="danger" size="small" disabled={remove.isPending} onClick={() => remove.mutate()}>
                {t('post.delete')}
              </Button>
              <Button variant="secondary" size="small" onClick={() => setConfirmDelete(false)}>
                {t('cancel')}
              </Button>
            </span>
          ) : (
            <Button variant="tertiary" size="small" onClick={() => setConfirmDelete(true)}>
              {t('post.delete')}
            </Button>
          ))}
      </div>
      {(like.isError || hide.isError || remove.isError) && (
        <ErrorAlert error={like.error ?? hide.error ?? remove.error} />
      )}
      {reporting && (
        <ReportForm
          path={`/wall-posts/${post.id}/reports`}
          what={t('report.post')}
          onDone={() => setReporting(false)}
        />
      )}
      {showComments && <Comments post={post} wall={wall} />}
    </article>
  );
}

function ReportForm({ path, what, onDone }: { path: string; what: string; onDone: () => void }) {
  const { t } = useTranslation('wall');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const report = useMutation({
    mutationFn: () => api<{ reported: boolean }>(path, { method: 'POST', body: { reason: reason.trim() } }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setProblem(t('report.reasonRequired'));
      return;
    }
    setProblem(null);
    report.mutate();
  };
  if (report.isSuccess) {
    return (
      <Alert tone="success" live>
        <p>{report.data.reported ? t('report.done') : t('report.already')}</p>
        <Button variant="secondary" size="small" onClick={onDone}>
          {t('close')}
        </Button>
      </Alert>
    );
  }
  return (
    <form className="wall-report" onSubmit={submit} noValidate>
      <TextArea
        label={t('report.reason', { what })}
        hint={t('report.hint')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        rows={2}
        maxLength={500}
        error={problem}
      />
      {report.isError && <ErrorAlert error={report.error} />}
      <div className="row">
        <Button type="submit" size="small" disabled={report.isPending}>
          {t('report.submit')}
        </Button>
        <Button variant="secondary" size="small" onClick={onDone}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}

function Comments({ post, wall }: { post: WallPostView; wall: WallView }) {
  const { t } = useTranslation('wall');
  const client = useQueryClient();
  const comments = useComments(post.id, true);
  const [body, setBody] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: () =>
      api<WallCommentView>(`/wall-posts/${post.id}/comments`, {
        method: 'POST',
        body: { body: body.trim(), anonymous: wall.allowAnonymous && anonymous },
      }),
    onSuccess: (comment) => {
      setBody('');
      setAnonymous(false);
      client.setQueryData<WallCommentView[]>(wallKeys.comments(post.id), (list) =>
        list ? [...list.filter((c) => c.id !== comment.id), comment] : [comment],
      );
      patchPost(client, post.id, (p) => ({ ...p, commentCount: p.commentCount + 1 }));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) {
      setProblem(t('comments.required'));
      return;
    }
    setProblem(null);
    send.mutate();
  };
  return (
    <section className="wall-comments" aria-label={t('comments.label')}>
      {comments.isPending && <Loading />}
      {comments.isError && <ErrorAlert error={comments.error} onRetry={() => void comments.refetch()} />}
      {comments.isSuccess && comments.data.length === 0 && <p className="subtle">{t('comments.empty')}</p>}
      {comments.isSuccess && comments.data.length > 0 && (
        <ul className="wall-comments__list">
          {comments.data.map((c) => (
            <li key={c.id}>
              <Comment comment={c} post={post} wall={wall} />
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} noValidate className="wall-comments__form">
        <TextArea
          label={t('comments.new')}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          rows={2}
          maxLength={4000}
          error={problem}
        />
        {wall.allowAnonymous && (
          <label className="wall-check">
            <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} />
            <span>{t('comments.anonymous')}</span>
          </label>
        )}
        {send.isError && <ErrorAlert error={send.error} />}
        <Button type="submit" size="small" disabled={send.isPending}>
          {t('comments.submit')}
        </Button>
      </form>
    </section>
  );
}

function Comment({ comment, post, wall }: { comment: WallCommentView; post: WallPostView; wall: WallView }) {
  const { t } = useTranslation('wall');
  const client = useQueryClient();
  const [reporting, setReporting] = useState(false);
  const hide = useMutation({
    mutationFn: (on: boolean) =>
      api<WallCommentView>(`/wall-comments/${comment.id}/hidden`, { method: 'PUT', body: { on } }),
    onSuccess: (updated) => {
      client.setQueryData<WallCommentView[]>(wallKeys.comments(post.id), (list) =>
        list?.map((c) => (c.id === updated.id ? updated : c)),
      );
      void client.invalidateQueries({ queryKey: wallKeys.reports });
    },
  });
  const hidden = comment.moderation?.hidden ?? false;
  return (
    <div className={`wall-comment${hidden ? ' wall-comment--hidden' : ''}`}>
      <p className="wall-comment__meta">
        <Author item={comment} /> <span className="subtle">{formatDateTime(comment.createdAt)}</span>
        {hidden && <span className="wall-badge wall-badge--hidden">{t('moderation.hidden')}</span>}
        {comment.moderation && comment.moderation.reports > 0 && (
          <span className="wall-badge wall-badge--reported">
            {t('moderation.reports', { count: comment.moderation.reports })}
          </span>
        )}
      </p>
      <p className="wall-comment__body">{comment.body}</p>
      <div className="row">
        {!comment.mine && (
          <Button variant="tertiary" size="small" aria-expanded={reporting} onClick={() => setReporting((s) => !s)}>
            {t('report.open')}
          </Button>
        )}
        {wall.moderator && (
          <Button variant="tertiary" size="small" disabled={hide.isPending} onClick={() => hide.mutate(!hidden)}>
            {hidden ? t('moderation.unhide') : t('moderation.hide')}
          </Button>
        )}
      </div>
      {hide.isError && <ErrorAlert error={hide.error} />}
      {reporting && (
        <ReportForm
          path={`/wall-comments/${comment.id}/reports`}
          what={t('report.comment')}
          onDone={() => setReporting(false)}
        />
      )}
    </div>
  );
}
