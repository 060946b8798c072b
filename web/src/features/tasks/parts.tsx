import { useTranslation } from 'react-i18next';
import { Link, NavLink, useSearchParams } from 'react-router';
import { formatDeadline } from '../../ui/format-when';
import {
  STATUSES,
  type DueFilter,
  type Scope,
  type TaskFilters,
  type TaskPriority,
  type TaskStatus,
  type TaskView,
} from './api';

const SCOPES: Scope[] = ['mine', 'agency', 'all'];
const DUES: DueFilter[] = ['', 'soon', 'overdue'];

/** The filters live in the address, so a reload or a shared link keeps them. */
export function useFilters(): [TaskFilters, (change: Partial<TaskFilters>) => void] {
  const [params, setParams] = useSearchParams();
  const scope = SCOPES.includes(params.get('scope') as Scope) ? (params.get('scope') as Scope) : 'mine';
  const due = DUES.includes(params.get('due') as DueFilter) ? (params.get('due') as DueFilter) : '';
  const status = STATUSES.includes(params.get('status') as TaskStatus) ? (params.get('status') as TaskStatus) : '';
  const set = (change: Partial<TaskFilters>) => {
    const next = { scope, due, status, ...change };
    const search = new URLSearchParams();
    if (next.scope !== 'mine') search.set('scope', next.scope);
    if (next.due) search.set('due', next.due);
    if (next.status) search.set('status', next.status);
    setParams(search, { replace: true });
  };
  return [{ scope, due, status }, set];
}

export function Filters({
  filters,
  onChange,
  board,
}: {
  filters: TaskFilters;
  onChange: (change: Partial<TaskFilters>) => void;
  board?: boolean;
}) {
  const { t } = useTranslation('tasks');
  return (
    <form className="task-filters" role="search" aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label className="field__label" htmlFor="task-scope">
          {t('filters.scope')}
        </label>
        <select
          id="task-scope"
          className="select"
          value={filters.scope}
          onChange={(e) => onChange({ scope: e.target.value as Scope })}
        >
          {SCOPES.map((s) => (
            <option key={s} value={s}>
              {t(`filters.scopes.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field__label" htmlFor="task-due">
          {t('filters.due')}
        </label>
        <select
          id="task-due"
          className="select"
          value={filters.due}
          onChange={(e) => onChange({ due: e.target.value as DueFilter })}
        >
          {DUES.map((d) => (
            <option key={d || 'any'} value={d}>
              {t(`filters.dues.${d || 'any'}`)}
            </option>
          ))}
        </select>
      </div>
      {!board && (
        <div className="field">
          <label className="field__label" htmlFor="task-status">
            {t('filters.status')}
          </label>
          <select
            id="task-status"
            className="select"
            value={filters.status}
            onChange={(e) => onChange({ status: e.target.value as TaskStatus | '' })}
          >
            <option value="">{t('filters.anyStatus')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
      )}
    </form>
  );
}

/** List ⇄ board, keeping the filters. */
export function ViewSwitch() {
  const { t } = useTranslation('tasks');
  const [params] = useSearchParams();
  const search = params.toString() ? `?${params.toString()}` : '';
  return (
    <nav className="task-views" aria-label={t('views.label')}>
      <NavLink end to={`/tasks${search}`} className="task-views__link">
        {t('views.list')}
      </NavLink>
      <NavLink to={`/tasks/board${search}`} className="task-views__link">
        {t('views.board')}
      </NavLink>
    </nav>
  );
}

export function StatusBadge({ status }: { status: TaskStatus }) {
  const { t } = useTranslation('tasks');
  return <span className={`task-status task-status--${status}`}>{t(`status.${status}`)}</span>;
}

export function PriorityBadge({ priority }: { priority: TaskPriority }) {
  const { t } = useTranslation('tasks');
  if (priority === 'normal') return null;
  return <span className={`task-priority task-priority--${priority}`}>{t(`priority.${priority}`)}</span>;
}

/** The due date, with "overdue" said in words (never by colour alone). */
export function Due({ task }: { task: Pick<TaskView, 'dueAt' | 'overdue'> }) {
  const { t } = useTranslation('tasks');
  if (!task.dueAt) return <span className="subtle">{t('due.none')}</span>;
  return (
    <span className={task.overdue ? 'task-due task-due--overdue' : 'task-due'}>
      {t('due.at', { when: formatDeadline(task.dueAt) })}
      {task.overdue && <strong className="task-due__flag"> · {t('due.overdue')}</strong>}
    </span>
  );
}

export function People({ people }: { people: TaskView['assignees'] }) {
  const { t } = useTranslation('tasks');
  if (people.length === 0) return <span className="subtle">{t('people.none')}</span>;
  return <span>{people.map((p) => p.displayName).join(', ')}</span>;
}

export function TaskLink({ task, className }: { task: Pick<TaskView, 'id' | 'title'>; className?: string }) {
  return (
    <Link to={`/tasks/${task.id}`} className={className} data-task-link={task.id}>
      {task.title}
    </Link>
  );
}
