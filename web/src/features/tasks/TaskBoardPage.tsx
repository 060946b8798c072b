import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button, ErrorAlert, Loading, PageHeader } from '../../ui/components';
import {
  changeStatus,
  STATUSES,
  storeTask,
  taskKeys,
  TRANSITIONS,
  useTaskList,
  type TaskStatus,
  type TaskView,
} from './api';
import { Due, Filters, People, PriorityBadge, TaskLink, useFilters, ViewSwitch } from './parts';
import { TaskErrorAlert } from './TaskErrorAlert';

type Pages = InfiniteData<{ tasks: TaskView[]; nextCursor: string | null }>;

/**
 * The board: a column per status. A card moves with its buttons (keyboard and screen reader
 * first); dragging it onto a column does the same for a mouse. After a move, focus follows the
 * card into its new column and a status line says where it went.
 */
export function TaskBoardPage() {
  const { t } = useTranslation('tasks');
  const [filters, setFilters] = useFilters();
  const list = useTaskList(filters, true);
  const client = useQueryClient();
  const key = taskKeys.list(filters, true);
  const [announcement, setAnnouncement] = useState('');
  const [focusId, setFocusId] = useState<string | null>(null);
  const [dragging, setDragging] = useState<TaskView | null>(null);
  const board = useRef<HTMLDivElement>(null);

  const move = useMutation({
    mutationFn: ({ task, to }: { task: TaskView; to: TaskStatus }) => changeStatus(task.id, to),
    onMutate: async ({ task, to }) => {
      await client.cancelQueries({ queryKey: key });
      const before = client.getQueryData<Pages>(key);
      client.setQueryData<Pages>(
        key,
        (data) =>
          data && {
            ...data,
            pages: data.pages.map((p) => ({
              ...p,
              tasks: p.tasks.map((x) => (x.id === task.id ? { ...x, status: to } : x)),
            })),
          },
      );
      setFocusId(task.id);
      return { before };
    },
    onSuccess: (task) => {
      storeTask(client, task);
      setAnnouncement(t('board.moved', { title: task.title, status: t(`status.${task.status}`) }));
    },
    onError: (_error, _vars, context) => {
      if (context?.before) client.setQueryData(key, context.before);
    },
  });

  useEffect(() => {
    if (!focusId) return;
    board.current?.querySelector<HTMLElement>(`[data-task-link="${focusId}"]`)?.focus();
  }, [focusId, list.data]);

  const tasks = list.data?.pages.flatMap((p) => p.tasks) ?? [];
  const start = (task: TaskView, to: TaskStatus) => {
    move.reset();
    move.mutate({ task, to });
  };

  return (
    <div className="page page--wide">
      <PageHeader
        title={t('board.title')}
        actions={
          <Link className="btn" to="/tasks/new">
            {t('new.open')}
          </Link>
        }
      >
        <p className="subtle">{t('board.intro')}</p>
      </PageHeader>
      <ViewSwitch />
      <Filters filters={filters} onChange={setFilters} board />
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {move.isError && <TaskErrorAlert error={move.error} />}
      {list.isPending && <Loading />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && (
        <div className="board" ref={board}>
          {STATUSES.map((status) => {
            const column = tasks.filter((task) => task.status === status);
            const accepts =
              dragging !== null &&
              dragging.status !== status &&
              TRANSITIONS[dragging.status].includes(status) &&
              dragging.can.changeStatus;
            return (
              <section
                key={status}
                className={`board__column${accepts ? ' board__column--target' : ''}`}
                aria-labelledby={`board-${status}`}
                onDragOver={(e) => accepts && e.preventDefault()}
                onDrop={(e) => {
                  e.preventDefault();
                  if (dragging && accepts) start(dragging, status);
                  setDragging(null);
                }}
              >
                <h2 id={`board-${status}`} className="board__heading">
                  {t(`status.${status}`)} <span className="badge badge--muted">{column.length}</span>
                </h2>
                {column.length === 0 ? (
                  <p className="subtle board__empty">{t('board.emptyColumn')}</p>
                ) : (
                  <ul className="board__cards">
                    {column.map((task) => (
                      <li
                        key={task.id}
                        className="board__card"
                        draggable={task.can.changeStatus}
                        onDragStart={(e) => {
                          e.dataTransfer.setData('text/plain', task.id);
                          setDragging(task);
                        }}
                        onDragEnd={() => setDragging(null)}
                      >
                        <div className="row">
                          <PriorityBadge priority={task.priority} />
                          <span className="subtle task-item__ref">#{task.ref}</span>
                        </div>
                        <h3 className="board__card-title">
                          <TaskLink task={task} />
                        </h3>
                        <p className="board__card-line">
                          <Due task={task} />
                        </p>
                        <p className="board__card-line">
                          <span className="subtle">{t('fields.assignees')}: </span>
                          <People people={task.assignees} />
                        </p>
                        {task.can.changeStatus && (
                          <div
                            className="board__moves"
                            role="group"
                            aria-label={t('board.moveGroup', { title: task.title })}
                          >
                            {TRANSITIONS[task.status].map((to) => (
                              <Button
                                key={to}
                                variant="secondary"
                                size="small"
                                disabled={move.isPending}
                                aria-label={t('board.moveTo', { title: task.title, move: t(`board.move.${to}`) })}
                                onClick={() => start(task, to)}
                              >
                                {t(`board.move.${to}`)}
                              </Button>
                            ))}
                          </div>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
        </div>
      )}
      {list.isSuccess && tasks.length === 0 && (
        <div className="task-empty">
          <p>{t('empty')}</p>
        </div>
      )}
      {list.hasNextPage && (
        <Button variant="secondary" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? t('loadingMore') : t('loadMore')}
        </Button>
      )}
    </div>
  );
}
