import { IeumException } from '../common/ieum.exception.js';
import { TASK_STATUS_TEXT, type TaskStatus } from './tasks.types.js';

export const TaskExceptionCode = {
  NotFound: 'TASK_NOT_FOUND',
  Ambiguous: 'TASK_AMBIGUOUS',
  NotAllowed: 'TASK_NOT_ALLOWED',
  NotInDiscussion: 'TASK_NOT_IN_DISCUSSION',
  BadTransition: 'TASK_BAD_TRANSITION',
  Changed: 'TASK_CHANGED',
  NotStaff: 'TASK_NOT_STAFF',
  BadAssignee: 'TASK_BAD_ASSIGNEE',
  ChecklistItemNotFound: 'TASK_CHECKLIST_ITEM_NOT_FOUND',
} as const;
export type TaskExceptionCode = (typeof TaskExceptionCode)[keyof typeof TaskExceptionCode];

export class TaskException extends IeumException<TaskExceptionCode> {
  /** Also what someone who may not read the task hears: whether it exists is not theirs to learn. */
  static notFound(): TaskException {
    return new TaskException(
      TaskExceptionCode.NotFound,
      { en: 'No such task.', ko: '해당 과제가 없습니다.' },
      'not_found',
    );
  }

  static ambiguous(ref: string): TaskException {
    return new TaskException(
      TaskExceptionCode.Ambiguous,
      {
        en: `More than one task starts with ${ref}; give more of its number.`,
        ko: `${ref}(으)로 시작하는 과제가 여럿입니다. 번호를 더 길게 입력하세요.`,
      },
      'invalid',
    );
  }

  static notAllowed(action: 'status' | 'edit'): TaskException {
    return action === 'status'
      ? new TaskException(
          TaskExceptionCode.NotAllowed,
          {
            en: "Only the task's creator and its assignees can change its status.",
            ko: '과제 등록자와 담당자만 상태를 바꿀 수 있습니다.',
          },
          'forbidden',
        )
      : new TaskException(
          TaskExceptionCode.NotAllowed,
          {
            en: "Only the task's creator and its assignees can change it.",
            ko: '과제 등록자와 담당자만 과제를 수정할 수 있습니다.',
          },
          'forbidden',
        );
  }

  static notInDiscussion(): TaskException {
    return new TaskException(
      TaskExceptionCode.NotInDiscussion,
      {
        en: 'Only the people on this task (its creator, assignees and watchers) and the members of its room can comment. Watch the task to join its discussion, or ask its creator to add you to its room.',
        ko: '과제 관련자(등록자, 담당자, 관심 등록자)와 과제 방 참여자만 댓글을 남길 수 있습니다. 과제를 관심 등록하거나 등록자에게 과제 방 초대를 요청하세요.',
      },
      'forbidden',
    );
  }

  static badTransition(from: TaskStatus, to: TaskStatus): TaskException {
    return new TaskException(
      TaskExceptionCode.BadTransition,
      {
        en: `A task that is ${TASK_STATUS_TEXT[from].en} cannot become ${TASK_STATUS_TEXT[to].en}.`,
        ko: `'${TASK_STATUS_TEXT[from].ko}' 상태의 과제는 '${TASK_STATUS_TEXT[to].ko}'(으)로 바꿀 수 없습니다.`,
      },
      'conflict',
      { from, to },
    );
  }

  static changed(): TaskException {
    return new TaskException(
      TaskExceptionCode.Changed,
      {
        en: 'Someone changed this task just now; look again and retry.',
        ko: '방금 다른 사람이 과제를 변경했습니다. 다시 확인 후 시도하세요.',
      },
      'conflict',
    );
  }

  static notStaff(): TaskException {
    return new TaskException(
      TaskExceptionCode.NotStaff,
      { en: 'Only public servants of an agency can create tasks.', ko: '기관 소속 공무원만 과제를 만들 수 있습니다.' },
      'forbidden',
    );
  }

  static badAssignee(): TaskException {
    return new TaskException(
      TaskExceptionCode.BadAssignee,
      {
        en: 'Assignees must be active public servants in the directory.',
        ko: '담당자는 조직도에 있는 재직 중인 공무원이어야 합니다.',
      },
      'invalid',
    );
  }

  static checklistItemNotFound(): TaskException {
    return new TaskException(
      TaskExceptionCode.ChecklistItemNotFound,
      { en: 'No such checklist item.', ko: '해당 체크리스트 항목이 없습니다.' },
      'not_found',
    );
  }
}
