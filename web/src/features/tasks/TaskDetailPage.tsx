import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError } from '../../api/errors';
import { api } from '../../api/http';
import { useMe } from '../../app/session-context';
import { FileList } from '../../ui/attachments';
import { Alert, Button, Loading, PageHeader, SelectField, TextArea, TextField } from '../../ui/components';
import { currentTimeZone, formatDateTime } from '../../ui/format';
import { PersonPicker, type PickedPerson } from '../../ui/pickers';
import { fromZonedInput, toZonedInput } from '../../ui/zoned-time';
import {
  changeStatus,
  PRIORITIES,
  storeTask,
  taskKeys,
  TRANSITIONS,
  useTask,
  useTaskChange,
  useTaskHistory,
  type TaskEventView,
  type TaskPriority,
  type TaskStatus,
  type TaskView,
} from './api';
import { Due, People, PriorityBadge, StatusBadge } from './parts';
import { TaskErrorAlert } from './TaskErrorAlert';

export function TaskDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('tasks');
  const task = useTask(id);
  const history = useTaskHistory(id, task.isSuccess);
  const location = useLocation();
  const created = (location.state as { created?: boolean } | null)?.created === true;

  if (task.isPending) {
    return (
      <div className="page">
        <Loading />
      </div>
    );
  }
  if (task.isError) {
    const missing = task.error instanceof ApiError && task.error.status === 404;
    return (
      <div className="page page--narrow">
        <PageHeader title={missing ? t('detail.notFoundTitle') : t('detail.errorTitle')} />
        {missing ? (
          <p>{t('detail.notFound')}</p>
        ) : (
          <TaskErrorAlert
            error={task.error}
            action={
              <Button variant="secondary" size="small" onClick={() => void task.refetch()}>
                {t('retry')}
              </Button>
            }
          />
        )}
        <Link className="btn btn--secondary" to="/tasks">
          {t('detail.backToList')}
        </Link>
      </div>
    );
  }
  return <TaskDetail task={task.data} events={history.data} historyError={history.error} created={created} />;
}

function TaskDetail({
  task,
  events,
  historyError,
  created,
}: {
  task: TaskView;
  events: TaskEventView[] | undefined;
  historyError: unknown;
  created: boolean;
}) {
  const { t } = useTranslation('tasks');
  const { data: me } = useMe();
  const [editing, setEditing] = useState(false);
  const watching = Boolean(me && task.watchers.some((w) => w.id === me.id));
  const onTask = Boolean(me && (task.createdBy.id === me.id || task.assignees.some((a) => a.id === me.id)));
  const watch = useTaskChange(task.id, (on: boolean) =>
    api<TaskView>(`/tasks/${task.id}/watching`, { method: 'PUT', body: { watching: on } }),
  );
  const status = useTaskChange(task.id, (to: TaskStatus) => changeStatus(task.id, to));

  return (
    <div className="page task-detail">
      <nav aria-label={t('detail.breadcrumb')} className="task-detail__crumbs">
        <Link to="/tasks">{t('title')}</Link>
      </nav>
      <PageHeader
        title={task.title}
        actions={
          <>
            {!onTask && (
              <Button
                variant="secondary"
                size="small"
                aria-pressed={watching}
                disabled={watch.isPending}
                onClick={() => watch.mutate(!watching)}
              >
                {watching ? t('detail.unwatch') : t('detail.watch')}
              </Button>
            )}
            {task.can.edit && !editing && (
              <Button variant="secondary" size="small" onClick={() => setEditing(true)}>
                {t('detail.edit')}
              </Button>
            )}
          </>
        }
      >
        <div className="row">
          <StatusBadge status={task.status} />
          <PriorityBadge priority={task.priority} />
          <span className="subtle">#{task.ref}</span>
        </div>
      </PageHeader>
      {created && (
        <Alert tone="success" live>
          <p>{t('detail.created')}</p>
        </Alert>
      )}
      {watch.isError && <TaskErrorAlert error={watch.error} />}

      <div className="task-detail__layout">
        <div className="task-detail__main">
          {editing ? (
            <EditForm task={task} onDone={() => setEditing(false)} />
          ) : (
            <section aria-labelledby="task-description" className="task-section">
              <h2 id="task-description">{t('fields.description')}</h2>
              {task.description ? (
                <p className="task-detail__text">{task.description}</p>
              ) : (
                <p className="subtle">{t('detail.noDescription')}</p>
              )}
            </section>
          )}

          <section aria-labelledby="task-status-heading" className="task-section">
            <h2 id="task-status-heading">{t('fields.status')}</h2>
            <p>
              {t('detail.statusNow')} <StatusBadge status={task.status} />
            </p>
            {task.can.changeStatus ? (
              <div className="row" role="group" aria-label={t('detail.changeStatus')}>
                {TRANSITIONS[task.status].map((to) => (
                  <Button
                    key={to}
                    variant={to === 'done' ? 'primary' : 'secondary'}
                    size="small"
                    disabled={status.isPending}
                    onClick={() => status.mutate(to)}
                  >
                    {t(`detail.to.${to}`)}
                  </Button>
                ))}
              </div>
            ) : (
              <p className="subtle">{t('detail.statusOnlyPeople')}</p>
            )}
            {status.isError && <TaskErrorAlert error={status.error} />}
          </section>

          <Checklist task={task} />

          {task.files.length > 0 && (
            <section aria-labelledby="task-files" className="task-section">
              <h2 id="task-files">{t('detail.files')}</h2>
              <FileList files={task.files} label={t('detail.files')} />
            </section>
          )}

          <Comments task={task} events={events} watching={watching} onWatch={() => watch.mutate(true)} />
          <History task={task} events={events} error={historyError} />
        </div>

        <aside className="task-detail__side" aria-labelledby="task-facts">
          <h2 id="task-facts">{t('detail.facts')}</h2>
          <dl className="task-facts">
            <dt>{t('fields.due')}</dt>
            <dd>
              <Due task={task} />
            </dd>
            <dt>{t('fields.priority')}</dt>
            <dd>{t(`priority.${task.priority}`)}</dd>
            <dt>{t('fields.owner')}</dt>
            <dd>{task.ownerAgency.name}</dd>
            <dt>{t('fields.agencies')}</dt>
            <dd>
              {task.agencies.length > 0 ? (
                task.agencies.map((a) => a.name).join(', ')
              ) : (
                <span className="subtle">{t('detail.noAgencies')}</span>
              )}
            </dd>
            <dt>{t('fields.createdBy')}</dt>
            <dd>
              {task.createdBy.displayName} <span className="subtle">· {formatDateTime(task.createdAt)}</span>
            </dd>
            <dt>{t('fields.watchers')}</dt>
            <dd>
              <People people={task.watchers} />
            </dd>
          </dl>
          <Assignees task={task} />
          {task.roomId && (
            <p>
              <Link
                className="btn btn--secondary btn--block"
                to={
                  task.cardMessageId ? `/rooms/${task.roomId}?message=${task.cardMessageId}` : `/rooms/${task.roomId}`
                }
              >
                {t('detail.openRoom')}
              </Link>
            </p>
          )}
        </aside>
      </div>
    </div>
  );
}

function EditForm({ task, onDone }: { task: TaskView; onDone: () => void }) {
  const { t } = useTranslation('tasks');
  const [title, setTitle] = useState(task.title);
  const [description, setDescription] = useState(task.description ?? '');
  const [due, setDue] = useState(toZonedInput(task.dueAt));
  const [priority, setPriority] = useState<TaskPriority>(task.priority);
  const [problem, setProblem] = useState<string | null>(null);
  const save = useTaskChange(task.id, (body: Record<string, unknown>) =>
    api<TaskView>(`/tasks/${task.id}`, { method: 'PATCH', body }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) {
      setProblem(t('form.titleRequired'));
      return;
    }
    const dueAt = fromZonedInput(due);
    save.mutate(
      { title: title.trim(), description: description.trim() || null, dueAt, priority },
      { onSuccess: onDone },
    );
  };
  return (
    <form onSubmit={submit} noValidate className="task-section" aria-labelledby="task-edit-heading">
      <h2 id="task-edit-heading">{t('edit.title')}</h2>
      <TextField
        label={t('fields.title')}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        maxLength={300}
        required
        error={problem}
      />
      <TextArea
        label={t('fields.description')}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        rows={5}
        maxLength={20_000}
      />
      <div className="task-form__row">
        <TextField
          label={t('fields.due')}
          hint={t('form.dueHint', { zone: currentTimeZone() })}
          type="datetime-local"
          value={due}
          onChange={(e) => setDue(e.target.value)}
        />
        <SelectField
          label={t('fields.priority')}
          value={priority}
          onChange={(e) => setPriority(e.target.value as TaskPriority)}
        >
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`priority.${p}`)}
            </option>
          ))}
        </SelectField>
      </div>
      {save.isError && <TaskErrorAlert error={save.error} />}
      <div className="row">
        <Button type="submit" disabled={save.isPending}>
          {t('edit.save')}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          {t('form.cancel')}
        </Button>
      </div>
    </form>
  );
}

function Assignees({ task }: { task: TaskView }) {
  const { t } = useTranslation('tasks');
  const [adding, setAdding] = useState(false);
  const [picked, setPicked] = useState<PickedPerson[]>([]);
  const add = useTaskChange(task.id, (userIds: string[]) =>
    api<TaskView>(`/tasks/${task.id}/assignees`, { method: 'POST', body: { userIds } }),
  );
  const remove = useTaskChange(task.id, (userId: string) =>
    api<TaskView>(`/tasks/${task.id}/assignees/${userId}`, { method: 'DELETE' }),
  );
  return (
    <section aria-labelledby="task-assignees" className="task-assignees">
      <h3 id="task-assignees">{t('fields.assignees')}</h3>
      {task.assignees.length === 0 ? (
        <p className="subtle">{t('people.none')}</p>
      ) : (
        <ul className="task-people">
          {task.assignees.map((a) => (
            <li key={a.id}>
              <span>{a.displayName}</span>
              {task.can.edit && (
                <Button
                  variant="tertiary"
                  size="small"
                  aria-label={t('assignees.removeNamed', { name: a.displayName })}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(a.id)}
                >
                  {t('assignees.remove')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {(add.isError || remove.isError) && <TaskErrorAlert error={add.error ?? remove.error} />}
      {task.can.edit &&
        (adding ? (
          <div className="task-assignees__add">
            <PersonPicker label={t('assignees.add')} value={picked} onChange={setPicked} />
            <div className="row">
              <Button
                size="small"
                disabled={picked.length === 0 || add.isPending}
                onClick={() =>
                  add.mutate(
                    picked.map((p) => p.id),
                    {
                      onSuccess: () => {
                        setPicked([]);
                        setAdding(false);
                      },
                    },
                  )
                }
              >
                {t('assignees.confirm', { count: picked.length })}
              </Button>
              <Button variant="secondary" size="small" onClick={() => setAdding(false)}>
                {t('form.cancel')}
              </Button>
            </div>
          </div>
        ) : (
          <Button variant="secondary" size="small" onClick={() => setAdding(true)}>
            {t('assignees.add')}
          </Button>
        ))}
    </section>
  );
}

function Checklist({ task }: { task: TaskView }) {
  const { t } = useTranslation('tasks');
  const [text, setText] = useState('');
  const client = useQueryClient();
  // The box shows the tick at once: `shown` is set in the click itself (the cache is written a turn later,
  // after any read in flight is cancelled so it cannot put the old state back); the server's answer, or on a
  // refusal the task read again, settles it.
  const [shown, setShown] = useState<Record<string, boolean>>({});
  const tick = useMutation({
    mutationFn: ({ itemId, done }: { itemId: string; done: boolean }) =>
      api<TaskView>(`/tasks/${task.id}/checklist/${itemId}`, { method: 'PATCH', body: { done } }),
    onMutate: async ({ itemId, done }) => {
      await client.cancelQueries({ queryKey: taskKeys.detail(task.id) });
      client.setQueryData<TaskView>(
        taskKeys.detail(task.id),
        (t) => t && { ...t, checklist: t.checklist.map((c) => (c.id === itemId ? { ...c, done } : c)) },
      );
    },
    onSuccess: (updated) => storeTask(client, updated),
    onError: () => void client.invalidateQueries({ queryKey: taskKeys.detail(task.id) }),
    onSettled: (_data, _error, { itemId }) => setShown(({ [itemId]: _settled, ...rest }) => rest),
  });
  const add = useTaskChange(task.id, (item: string) =>
    api<TaskView>(`/tasks/${task.id}/checklist`, { method: 'POST', body: { text: item } }),
  );
  const done = task.checklist.filter((c) => c.done).length;
  return (
    <section aria-labelledby="task-checklist" className="task-section">
      <h2 id="task-checklist">
        {t('fields.checklist')}{' '}
        {task.checklist.length > 0 && (
          <span className="subtle task-section__count">
            {t('checklist.progress', { done, total: task.checklist.length })}
          </span>
        )}
      </h2>
      {task.checklist.length === 0 ? (
        <p className="subtle">{t('checklist.empty')}</p>
      ) : (
        <ul className="task-checklist">
          {task.checklist.map((item) => (
            <li key={item.id}>
              <label className="task-checklist__item">
                <input
                  type="checkbox"
                  checked={shown[item.id] ?? item.done}
                  disabled={!task.can.edit || tick.isPending}
                  onChange={(e) => {
                    const done = e.target.checked;
                    setShown((s) => ({ ...s, [item.id]: done }));
                    tick.mutate({ itemId: item.id, done });
                  }}
                />
                <span className={(shown[item.id] ?? item.done) ? 'task-checklist__done' : undefined}>{item.text}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {tick.isError && <TaskErrorAlert error={tick.error} />}
      {task.can.edit && (
        <form
          className="task-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) add.mutate(text.trim(), { onSuccess: () => setText('') });
          }}
        >
          <TextField
            label={t('checklist.new')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            maxLength={500}
            autoComplete="off"
          />
          <Button type="submit" variant="secondary" disabled={!text.trim() || add.isPending}>
            {t('checklist.add')}
          </Button>
        </form>
      )}
      {add.isError && <TaskErrorAlert error={add.error} />}
    </section>
  );
}

function Comments({
  task,
  events,
  watching,
  onWatch,
}: {
  task: TaskView;
  events: TaskEventView[] | undefined;
  watching: boolean;
  onWatch: () => void;
}) {
  const { t } = useTranslation('tasks');
  const client = useQueryClient();
  const [text, setText] = useState('');
  const send = useMutation({
    mutationFn: (body: string) => api<TaskEventView>(`/tasks/${task.id}/comments`, { method: 'POST', body: { body } }),
    onSuccess: (event) => {
      setText('');
      client.setQueryData<TaskEventView[]>(taskKeys.history(task.id), (list) =>
        list && !list.some((e) => e.id === event.id) ? [...list, event] : list,
      );
      storeTask(client, task);
    },
  });
  const comments = (events ?? []).filter((e) => e.kind === 'comment');
  const refusedForDiscussion = send.error instanceof ApiError && send.error.code === 'TASK_NOT_IN_DISCUSSION';
  return (
    <section aria-labelledby="task-comments" className="task-section">
      <h2 id="task-comments">
        {t('comments.title')} <span className="subtle task-section__count">{comments.length}</span>
      </h2>
      {events === undefined ? null : comments.length === 0 ? (
        <p className="subtle">{t('comments.empty')}</p>
      ) : (
        <ol className="task-comments">
          {comments.map((c) => (
            <li key={c.id} className="task-comment">
              <p className="task-comment__meta">
                <strong>{c.actor?.displayName ?? t('history.someone')}</strong>{' '}
                <span className="subtle">{formatDateTime(c.createdAt)}</span>
              </p>
              <p className="task-detail__text">{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      {task.can.comment ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) send.mutate(text.trim());
          }}
        >
          <TextArea
            label={t('comments.new')}
            hint={t('comments.hint')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={3}
            maxLength={4000}
          />
          <Button type="submit" disabled={!text.trim() || send.isPending}>
            {t('comments.send')}
          </Button>
        </form>
      ) : (
        <Alert tone="info">
          <p>{t('comments.notOnTask')}</p>
          {!watching && (
            <Button variant="secondary" size="small" onClick={onWatch}>
              {t('detail.watch')}
            </Button>
          )}
        </Alert>
      )}
      {send.isError && (
        <TaskErrorAlert
          error={send.error}
          action={
            refusedForDiscussion && !watching ? (
              <Button variant="secondary" size="small" onClick={onWatch}>
                {t('detail.watch')}
              </Button>
            ) : undefined
          }
        />
      )}
    </section>
  );
}

function History({ task, events, error }: { task: TaskView; events: TaskEventView[] | undefined; error: unknown }) {
  const { t } = useTranslation('tasks');
  const names = new Map([task.createdBy, ...task.assignees, ...task.watchers].map((p) => [p.id, p.displayName]));
  const who = (ids: string[]) => {
    const known = ids.flatMap((id) => names.get(id) ?? []);
    const others = ids.length - known.length;
    return [...known, ...(others > 0 ? [t('history.others', { count: others })] : [])].join(', ');
  };
  const line = (e: TaskEventView): string => {
    const actor = e.actor?.displayName ?? t('history.someone');
    switch (e.kind) {
      case 'created':
        return t('history.created', { actor });
      case 'status':
        return t('history.status', {
          actor,
          from: e.fromStatus ? t(`status.${e.fromStatus}`) : '',
          to: e.toStatus ? t(`status.${e.toStatus}`) : '',
        });
      case 'assigned':
        return t('history.assigned', { actor, who: who(e.userIds) });
      case 'unassigned':
        return t('history.unassigned', { actor, who: who(e.userIds) });
      case 'edited':
        return t('history.edited', { actor });
      case 'checklist':
        return t('history.checklist', { actor });
      case 'comment':
        return t('history.comment', { actor });
    }
  };
  const shown = (events ?? []).filter((e) => e.kind !== 'comment');
  return (
    <section aria-labelledby="task-history" className="task-section">
      <h2 id="task-history">{t('history.title')}</h2>
      {error ? <TaskErrorAlert error={error} /> : null}
      {events === undefined && !error && <Loading />}
      {events !== undefined && (
        <ol className="task-history">
          {shown.map((e) => (
            <li key={e.id}>
              <span className="task-history__when subtle">{formatDateTime(e.createdAt)}</span> <span>{line(e)}</span>
              {(e.kind === 'edited' || e.kind === 'checklist') && e.body && (
                <span className="task-history__body">{e.body}</span>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
