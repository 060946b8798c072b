import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button, ErrorAlert, Loading, PageHeader } from '../../ui/components';
import { useTaskList } from './api';
import { Due, Filters, People, PriorityBadge, StatusBadge, TaskLink, useFilters, ViewSwitch } from './parts';

export function TaskListPage() {
  const { t } = useTranslation('tasks');
  const [filters, setFilters] = useFilters();
  const list = useTaskList(filters);
  const tasks = list.data?.pages.flatMap((p) => p.tasks) ?? [];
  return (
    <div className="page">
      <PageHeader
        title={t('title')}
        actions={
          <Link className="btn" to="/tasks/new">
            {t('new.open')}
          </Link>
        }
      >
        <p className="subtle">{t('intro')}</p>
      </PageHeader>
      <ViewSwitch />
      <Filters filters={filters} onChange={setFilters} />
      {list.isPending && <Loading />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && tasks.length === 0 && (
        <div className="task-empty">
          <p>{t('empty')}</p>
          <Link className="btn btn--secondary" to="/tasks/new">
            {t('new.open')}
          </Link>
        </div>
      )}
      {tasks.length > 0 && (
        <ul className="task-list" aria-label={t('listLabel')}>
          {tasks.map((task) => (
            <li key={task.id} className="task-item">
              <div className="task-item__badges">
                <StatusBadge status={task.status} />
                <PriorityBadge priority={task.priority} />
                <span className="subtle task-item__ref">#{task.ref}</span>
              </div>
              <h2 className="task-item__title">
                <TaskLink task={task} />
              </h2>
              <dl className="task-item__facts">
                <div>
                  <dt>{t('fields.due')}</dt>
                  <dd>
                    <Due task={task} />
                  </dd>
                </div>
                <div>
                  <dt>{t('fields.assignees')}</dt>
                  <dd>
                    <People people={task.assignees} />
                  </dd>
                </div>
                <div>
                  <dt>{t('fields.owner')}</dt>
                  <dd>{task.ownerAgency.name}</dd>
                </div>
                {task.checklist.length > 0 && (
                  <div>
                    <dt>{t('fields.checklist')}</dt>
                    <dd>
                      {t('checklist.progress', {
                        done: task.checklist.filter((c) => c.done).length,
                        total: task.checklist.length,
                      })}
                    </dd>
                  </div>
                )}
              </dl>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <Button variant="secondary" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? t('loadingMore') : t('loadMore')}
        </Button>
      )}
    </div>
  );
}
