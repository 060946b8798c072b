import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { TaskEventView, TaskPriority, TaskStatus, TaskView } from '@server/tasks/tasks.types';
import type { TASK_TRANSITIONS } from '@server/tasks/tasks.types';
import { api } from '../../api/http';
import { useSocket } from '../../app/session-context';
import { refreshAfterEvent } from '../../ui/live-query';

export type { TaskEventView, TaskPriority, TaskStatus, TaskView };

export const STATUSES: readonly TaskStatus[] = ['open', 'in_progress', 'done', 'cancelled'];
export const PRIORITIES: readonly TaskPriority[] = ['low', 'normal', 'high', 'urgent'];

/** The server's rule (tasks.types.ts), to offer only the moves it accepts; it checks again. */
export const TRANSITIONS: typeof TASK_TRANSITIONS = {
  open: ['in_progress', 'done', 'cancelled'],
  in_progress: ['open', 'done', 'cancelled'],
  done: ['open'],
  cancelled: ['open'],
};

export type Scope = 'mine' | 'agency' | 'all';
export type DueFilter = '' | 'soon' | 'overdue';

export interface TaskFilters {
  scope: Scope;
  due: DueFilter;
  status: TaskStatus | '';
}

/** "Due soon" on the lists: open or in progress, due within this many days. */
export const DUE_SOON_DAYS = 7;

export const taskKeys = {
  all: ['tasks'] as const,
  lists: ['tasks', 'list'] as const,
  list: (filters: TaskFilters, board: boolean) => ['tasks', 'list', filters, board] as const,
  detail: (id: string) => ['tasks', 'detail', id] as const,
  history: (id: string) => ['tasks', 'history', id] as const,
};

function listQuery(filters: TaskFilters, board: boolean, cursor: string | undefined) {
  return {
    scope: filters.scope,
    overdue: filters.due === 'overdue' ? true : undefined,
    dueWithinDays: filters.due === 'soon' ? DUE_SOON_DAYS : undefined,
    // The board shows every status in its columns.
    status: board ? undefined : filters.status || undefined,
    cursor,
    limit: 50,
  };
}

export function useTaskList(filters: TaskFilters, board = false) {
  return useInfiniteQuery({
    queryKey: taskKeys.list(filters, board),
    queryFn: ({ pageParam, signal }) =>
      api<{ tasks: TaskView[]; nextCursor: string | null }>('/tasks', {
        query: listQuery(filters, board, pageParam),
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useTask(id: string) {
  return useQuery({
    queryKey: taskKeys.detail(id),
    queryFn: ({ signal }) => api<TaskView>(`/tasks/${id}`, { signal }),
  });
}

export function useTaskHistory(id: string, enabled: boolean) {
  return useQuery({
    queryKey: taskKeys.history(id),
    queryFn: ({ signal }) => api<TaskEventView[]>(`/tasks/${id}/history`, { signal }),
    enabled,
  });
}

/** Puts a task the API answered with into every cached place it shows. */
export function storeTask(client: QueryClient, task: TaskView): void {
  client.setQueryData(taskKeys.detail(task.id), task);
  void client.invalidateQueries({ queryKey: taskKeys.history(task.id) });
  void client.invalidateQueries({ queryKey: taskKeys.lists });
}

/** A change to one task (status, edit, checklist, people): the answer is the task as it is now. */
export function useTaskChange<V>(id: string, call: (vars: V) => Promise<TaskView>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (task) => storeTask(client, task),
    onError: () => void client.invalidateQueries({ queryKey: taskKeys.detail(id) }),
  });
}

export const changeStatus = (id: string, status: TaskStatus) =>
  api<TaskView>(`/tasks/${id}/status`, { method: 'POST', body: { status } });

/**
 * `task.changed` from the socket: the task's page and the lists read it again. After a reconnect
 * (events may have been missed) everything about tasks is read again.
 */
export function useTaskLiveUpdates(): void {
  const socket = useSocket();
  const client = useQueryClient();
  useEffect(() => {
    if (!socket) return;
    const changed = ({ taskId }: { taskId: string }) => {
      refreshAfterEvent(client, taskKeys.detail(taskId));
      refreshAfterEvent(client, taskKeys.history(taskId));
      refreshAfterEvent(client, taskKeys.lists);
    };
    const reconnected = () => void client.invalidateQueries({ queryKey: taskKeys.all });
    socket.on('task.changed', changed);
    socket.io.on('reconnect', reconnected);
    return () => {
      socket.off('task.changed', changed);
      socket.io.off('reconnect', reconnected);
    };
  }, [socket, client]);
}
