import { formatDue } from '../../src/common/duration-text.js';
import type { LocalisedText } from '../../src/common/ieum.exception.js';
import { senderPrincipal } from '../../src/commands/sdk/bot-helpers.js';
import { Bot } from '../../src/commands/sdk/bot.decorator.js';
import { CommandArgsReader as read } from '../../src/commands/sdk/command-args.js';
import type {
  CommandArgs,
  CommandContext,
  CommandReply,
  CommandSpec,
  IeumBot,
} from '../../src/commands/sdk/command-table.js';
import { TaskCardService } from '../../src/tasks/task-cards.service.js';
import { TaskService } from '../../src/tasks/task.service.js';
import { TaskActivityService } from '../../src/tasks/task-activity.service.js';
import { TASK_STATUS_TEXT, TaskPriority, TaskStatus, type TaskView } from '../../src/tasks/tasks.types.js';
import { TASK_SENDER } from '../../src/tasks/task-notices.job.js';

const ID_ARG = {
  name: 'id',
  kind: 'word',
  required: true,
  description: { en: 'the task number shown on its card or by /task list', ko: '카드나 /과제 목록 에 나온 과제 번호' },
} as const;
const PRIORITY: Record<string, TaskPriority> = {
  low: 'low',
  낮음: 'low',
  normal: 'normal',
  보통: 'normal',
  high: 'high',
  높음: 'high',
  urgent: 'urgent',
  긴급: 'urgent',
};

@Bot(TASK_SENDER)
export class TaskBot implements IeumBot {
  constructor(
    private readonly tasks: TaskService,
    private readonly cards: TaskCardService,
    private readonly activity: TaskActivityService,
  ) {}

  readonly commands: readonly CommandSpec[] = [
    {
      name: 'task',
      aliases: ['과제', 'todo'],
      summary: {
        en: 'Collaboration tasks: create, list, show, assign, start, done, cancel, comment',
        ko: '협업과제: 등록, 목록, 보기, 담당 지정, 시작, 완료, 취소, 댓글',
      },
      subcommands: [
        {
          name: '',
          aliases: ['new', 'create', '등록', '새'],
          summary: { en: 'Create a task discussed in this room', ko: '이 방에서 논의할 과제를 등록합니다' },
          usage: '/task "<title>" [@people @agencies] [due] [due:<when>] [priority:high]',
          examples: [
            '/task "예산 협의 자료 취합" @kim.mois @기획재정부 due:금요일',
            '/과제 "보도자료 초안" @lee.mois 내일까지',
            '/task "Collect comments" @kim.mois due:friday priority:high',
          ],
          args: [
            {
              name: 'title',
              kind: 'word',
              required: true,
              description: { en: 'the title, quoted when it has spaces', ko: '과제 제목(띄어쓰기가 있으면 따옴표로)' },
            },
            {
              name: 'who',
              kind: 'mentions',
              description: { en: '@assignees and @agencies taking part', ko: '담당자 @사람, 참여 @기관' },
            },
            {
              name: 'due',
              kind: 'deadline',
              description: {
                en: 'when it is due ("friday" is the end of that working day)',
                ko: '기한("금요일까지"는 그날 업무 종료 시각)',
              },
            },
          ],
          options: [
            {
              key: 'due',
              aliases: ['기한', '마감'],
              kind: 'deadline',
              description: { en: 'when it is due', ko: '기한' },
            },
            {
              key: 'priority',
              aliases: ['우선순위', '중요도'],
              kind: 'word',
              description: { en: 'low, normal, high or urgent', ko: '낮음, 보통, 높음, 긴급' },
            },
          ],
          run: (context, args) => this.create(context, args),
        },
        {
          name: 'list',
          aliases: ['목록'],
          summary: {
            en: 'Tasks: mine (default), in this room, or overdue',
            ko: '과제 목록: 내 과제(기본), 이 방, 기한 지남',
          },
          usage: '/task list [mine|room|overdue]',
          examples: ['/task list', '/과제 목록 방', '/task list overdue'],
          args: [{ name: 'which', kind: 'word', description: { en: 'mine, room or overdue', ko: '내, 방, 지연' } }],
          run: (context, args) => this.list(context, args),
        },
        {
          name: 'show',
          aliases: ['보기', '상세'],
          summary: { en: 'A task in full', ko: '과제 상세' },
          usage: '/task show <id>',
          examples: ['/task show 3f9c2a1b', '/과제 보기 3f9c2a1b'],
          args: [ID_ARG],
          run: (context, args) => this.show(context, args),
        },
        {
          name: 'assign',
          aliases: ['담당', '지정'],
          summary: { en: 'Add assignees', ko: '담당자 추가' },
          usage: '/task assign <id> @people',
          examples: ['/task assign 3f9c2a1b @lee.mois', '/과제 담당 3f9c2a1b @이행안'],
          args: [
            ID_ARG,
            {
              name: 'who',
              kind: 'mentions',
              required: true,
              description: { en: 'the people to assign', ko: '담당할 @사람' },
            },
          ],
          run: (context, args) => this.assign(context, args),
        },
        this.statusCommand('start', ['시작', '진행'], TaskStatus.InProgress, {
          en: 'Mark a task in progress',
          ko: '과제를 진행 중으로',
        }),
        this.statusCommand('done', ['완료', '끝'], TaskStatus.Done, { en: 'Mark a task done', ko: '과제 완료' }),
        {
          ...this.statusCommand('cancel', ['취소'], TaskStatus.Cancelled, { en: 'Cancel a task', ko: '과제 취소' }),
          confirm: () => ({
            en: 'Cancel this task and tell everyone on it?',
            ko: '이 과제를 취소하고 관련된 모두에게 알릴까요?',
          }),
        },
        this.statusCommand('reopen', ['재개', '다시'], TaskStatus.Open, {
          en: 'Reopen a done or cancelled task',
          ko: '완료·취소한 과제 다시 열기',
        }),
        {
          name: 'comment',
          aliases: ['댓글', '의견'],
          summary: { en: 'Comment on a task (in its thread)', ko: '과제에 댓글(과제 스레드에)' },
          usage: '/task comment <id> <text>',
          examples: ['/task comment 3f9c2a1b 초안 올렸습니다', '/과제 댓글 3f9c2a1b 검토 부탁드립니다'],
          args: [
            ID_ARG,
            { name: 'text', kind: 'text', required: true, description: { en: 'the comment', ko: '댓글 내용' } },
          ],
          run: (context, args) => this.comment(context, args),
        },
      ],
    },
  ];

  private statusCommand(name: string, aliases: string[], to: TaskStatus, summary: LocalisedText) {
    return {
      name,
      aliases,
      summary,
      usage: `/task ${name} <id>`,
      examples: [`/task ${name} 3f9c2a1b`, `/과제 ${aliases[0] ?? name} 3f9c2a1b`],
      args: [ID_ARG],
      run: (context: CommandContext, args: CommandArgs) => this.setStatus(context, args, to),
    };
  }

  private async create(context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const who = read.mentions(args, 'who');
    const priorityWord = read.text(args, 'priority');
    const priority = priorityWord === undefined ? undefined : PRIORITY[priorityWord.toLowerCase()];
    if (priorityWord !== undefined && !priority)
      return {
        visibility: 'ephemeral',
        text: {
          en: `Priority is low, normal, high or urgent (not "${priorityWord}").`,
          ko: `우선순위는 낮음, 보통, 높음, 긴급 중 하나입니다("${priorityWord}" 아님).`,
        },
      };
    const { task } = await this.tasks.create(senderPrincipal(context), {
      title: read.text(args, 'title') ?? '',
      roomId: context.roomId,
      threadRootId: context.threadRootId,
      assigneeIds: who.users.map((u) => u.id),
      agencyIds: who.agencies.map((a) => a.id),
      dueAt: read.date(args, 'due') ?? null,
      priority,
      sourceKey: `cmd-${context.messageId}`,
    });
    return {
      visibility: 'ephemeral',
      text: {
        en: `Task created: ${task.title} (no. ${task.ref}). Its card is in the room.`,
        ko: `과제를 등록했습니다: ${task.title} (번호 ${task.ref}). 방에 카드가 올라갑니다.`,
      },
    };
  }

  private async list(context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const which = (read.text(args, 'which') ?? 'mine').toLowerCase();
    const scope = ['room', '방', '이방'].includes(which)
      ? 'room'
      : ['overdue', '지연', '기한지남', '밀린'].includes(which)
        ? 'overdue'
        : ['mine', 'my', '내', '나', '내것'].includes(which)
          ? 'mine'
          : null;
    if (!scope)
      return {
        visibility: 'ephemeral',
        text: {
          en: `List mine, room or overdue (not "${which}").`,
          ko: `목록은 내, 방, 지연 중 하나입니다("${which}" 아님).`,
        },
      };
    const { tasks } = await this.tasks.list(
      senderPrincipal(context),
      {
        scope: scope === 'room' ? 'room' : 'mine',
        roomId: context.roomId,
        overdue: scope === 'overdue',
        statuses: ['open', 'in_progress'],
        limit: 20,
      },
      context.now,
    );
    if (tasks.length === 0)
      return { visibility: 'ephemeral', text: { en: 'No open tasks there.', ko: '진행 중인 과제가 없습니다.' } };
    const lines = (locale: keyof LocalisedText) =>
      tasks.map((t) => line(t, context.sender.timeZone, locale)).join('\n');
    const head = {
      mine: { en: 'Your open tasks', ko: '내 과제' },
      room: { en: 'Open tasks of this room', ko: '이 방의 과제' },
      overdue: { en: 'Your overdue tasks', ko: '기한이 지난 내 과제' },
    }[scope];
    return { visibility: 'ephemeral', text: { en: `${head.en}:\n${lines('en')}`, ko: `${head.ko}:\n${lines('ko')}` } };
  }

  private async show(context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const principal = senderPrincipal(context);
    const task = await this.tasks.get(
      principal,
      (await this.tasks.findByRef(principal, read.text(args, 'id') ?? '')).id,
    );
    const due = task.dueAt ? formatDue(new Date(task.dueAt), context.sender.timeZone) : null;
    const names = (people: TaskView['assignees']) => people.map((p) => p.displayName).join(', ') || '-';
    const checklist = task.checklist.map((c) => `${c.done ? '☑' : '☐'} ${c.text}`);
    return {
      visibility: 'ephemeral',
      text: {
        ko: [
          `📋 ${task.title} [${task.ref}] · ${TASK_STATUS_TEXT[task.status].ko}${task.overdue ? ' · ⚠️ 기한 지남' : ''}`,
          `담당: ${names(task.assignees)}`,
          `기한: ${due?.ko ?? '없음'}`,
          `주관: ${task.ownerAgency.name}${task.agencies.length > 0 ? ` · 참여: ${task.agencies.map((a) => a.name).join(', ')}` : ''}`,
          ...(task.description ? ['', task.description] : []),
          ...checklist,
          this.cards.link(task.id),
        ].join('\n'),
        en: [
          `📋 ${task.title} [${task.ref}] · ${TASK_STATUS_TEXT[task.status].en}${task.overdue ? ' · ⚠️ overdue' : ''}`,
          `Assignees: ${names(task.assignees)}`,
          `Due: ${due?.en ?? 'none'}`,
          `Owner: ${task.ownerAgency.name}${task.agencies.length > 0 ? ` · with ${task.agencies.map((a) => a.name).join(', ')}` : ''}`,
          ...(task.description ? ['', task.description] : []),
          ...checklist,
          this.cards.link(task.id),
        ].join('\n'),
      },
    };
  }

  private async assign(context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const principal = senderPrincipal(context);
    const found = await this.tasks.findByRef(principal, read.text(args, 'id') ?? '');
    const who = read.mentions(args, 'who');
    if (who.users.length === 0)
      return {
        visibility: 'ephemeral',
        text: { en: 'Name the people to assign with @.', ko: '담당할 사람을 @로 지정하세요.' },
      };
    const task = await this.tasks.assign(
      principal,
      found.id,
      who.users.map((u) => u.id),
    );
    return {
      visibility: 'ephemeral',
      text: {
        en: `Assignees of ${task.title}: ${task.assignees.map((a) => a.displayName).join(', ')}`,
        ko: `${task.title} 담당: ${task.assignees.map((a) => a.displayName).join(', ')}`,
      },
    };
  }

  private async setStatus(context: CommandContext, args: CommandArgs, to: TaskStatus): Promise<CommandReply> {
    const principal = senderPrincipal(context);
    const found = await this.tasks.findByRef(principal, read.text(args, 'id') ?? '');
    const task = await this.tasks.changeStatus(principal, found.id, to);
    return {
      visibility: 'ephemeral',
      text: {
        en: `${task.title}: ${TASK_STATUS_TEXT[task.status].en}`,
        ko: `${task.title}: ${TASK_STATUS_TEXT[task.status].ko}`,
      },
    };
  }

  private async comment(context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const principal = senderPrincipal(context);
    const found = await this.tasks.findByRef(principal, read.text(args, 'id') ?? '');
    await this.activity.comment(principal, found.id, read.text(args, 'text') ?? '');
    return {
      visibility: 'ephemeral',
      text: { en: `Comment added to ${found.title}.`, ko: `${found.title}에 댓글을 남겼습니다.` },
    };
  }
}

function line(task: TaskView, timeZone: string, locale: keyof LocalisedText): string {
  const due = task.dueAt
    ? formatDue(new Date(task.dueAt), timeZone)[locale]
    : locale === 'ko'
      ? '기한 없음'
      : 'no due date';
  return `• ${task.ref}  ${task.title} · ${TASK_STATUS_TEXT[task.status][locale]} · ${due}${task.overdue ? ' ⚠️' : ''}`;
}
