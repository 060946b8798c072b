export const TaskStatus = { Open: 'open', InProgress: 'in_progress', Done: 'done', Cancelled: 'cancelled' } as const;
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus];

export const TaskPriority = { Low: 'low', Normal: 'normal', High: 'high', Urgent: 'urgent' } as const;
export type TaskPriority = (typeof TaskPriority)[keyof typeof TaskPriority];

export type TaskMemberRole = 'assignee' | 'watcher';
export type TaskEventKind = 'created' | 'status' | 'assigned' | 'unassigned' | 'edited' | 'comment' | 'checklist';

/** Which status may follow which; done and cancelled tasks can be reopened. */
export const TASK_TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  open: ['in_progress', 'done', 'cancelled'],
  in_progress: ['open', 'done', 'cancelled'],
  done: ['open'],
  cancelled: ['open'],
};

export const TASK_STATUS_TEXT: Readonly<Record<TaskStatus, { ko: string; en: string }>> = {
  open: { ko: '대기', en: 'open' },
  in_progress: { ko: '진행 중', en: 'in progress' },
  done: { ko: '완료', en: 'done' },
  cancelled: { ko: '취소', en: 'cancelled' },
};

export interface TaskPersonView {
  id: string;
  login: string;
  displayName: string;
  agencyId: string | null;
}

export interface TaskView {
  id: string;
  /** The first 8 characters of the id: what /task commands take. */
  ref: string;
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: TaskPriority;
  dueAt: string | null;
  overdue: boolean;
  ownerAgency: { id: string; name: string };
  agencies: Array<{ id: string; name: string }>;
  createdBy: TaskPersonView;
  assignees: TaskPersonView[];
  watchers: TaskPersonView[];
  checklist: Array<{ id: string; text: string; done: boolean; doneAt: string | null }>;
  /** Files posted in the task's thread (upload into its room, then send them in the thread); empty for readers outside the room. */
  files: Array<{ id: string; name: string; contentType: string; size: number }>;
  /** The task's room; null for readers who are not its members. */
  roomId: string | null;
  /** The card in the room whose thread is the task's discussion; null for readers outside the room. */
  cardMessageId: string | null;
  createdAt: string;
  updatedAt: string;
  /** What the reader may do. */
  can: { changeStatus: boolean; edit: boolean; comment: boolean };
}

export interface TaskEventView {
  id: string;
  kind: TaskEventKind;
  actor: TaskPersonView | null;
  fromStatus: TaskStatus | null;
  toStatus: TaskStatus | null;
  body: string | null;
  userIds: string[];
  createdAt: string;
}
