import { DateTime } from 'luxon';
import type { LocalisedText } from '../../src/common/ieum.exception.js';
import { Bot } from '../../src/commands/sdk/bot.decorator.js';
import { CommandArgsReader as read } from '../../src/commands/sdk/command-args.js';
import type {
  CommandArgs,
  CommandContext,
  CommandReply,
  CommandSpec,
  IeumBot,
} from '../../src/commands/sdk/command-table.js';
import { ReminderService } from '../../src/reminders/reminder.service.js';
import { REMIND_SENDER } from '../../src/reminders/reminder-fire.job.js';

@Bot(REMIND_SENDER)
export class RemindBot implements IeumBot {
  constructor(private readonly reminders: ReminderService) {}

  readonly commands: readonly CommandSpec[] = [
    {
      name: 'remind',
      aliases: ['알림', 'reminder'],
      summary: {
        en: 'Reminders for you, a colleague or a room, once or repeating',
        ko: '나, 동료 또는 방에 한 번 또는 반복 알림',
      },
      subcommands: [
        {
          name: 'list',
          aliases: ['목록'],
          summary: { en: 'Your reminders', ko: '내 알림 목록' },
          usage: '/remind list',
          examples: ['/remind list', '/알림 목록'],
          args: [],
          run: (context) => this.list(context),
        },
        {
          name: 'cancel',
          aliases: ['취소'],
          summary: { en: 'Cancel a reminder by its id, or all of yours', ko: '알림을 번호로 취소하거나 모두 취소' },
          usage: '/remind cancel <id|all>',
          examples: ['/remind cancel 3f9c2a1b', '/알림 취소 전체'],
          args: [
            {
              name: 'id',
              kind: 'word',
              required: true,
              description: { en: 'the id shown by /remind list, or all', ko: '/알림 목록 에 나온 번호 또는 전체' },
            },
          ],
          confirm: (args) =>
            isAll(read.text(args, 'id'))
              ? { en: 'Cancel every reminder you have set?', ko: '설정한 알림을 모두 취소할까요?' }
              : null,
          run: (context, args) => this.cancel(context, args),
        },
        {
          name: '',
          summary: { en: 'Set a reminder', ko: '알림 설정' },
          usage: '/remind me|@user|#room <when> <text>',
          examples: [
            '/remind me tomorrow 3pm send the budget file',
            '/알림 나 내일 오후 3시 예산 자료 보내기',
            '/알림 #기획팀 매주 월요일 9시 주간 회의 자료 올리기',
            '/remind @kim.mois every weekday at 9:00 check the memo table',
            '/알림 나 30분 후 회의실 예약',
          ],
          args: [
            {
              name: 'target',
              kind: 'target',
              required: true,
              description: { en: 'me, @someone or #room', ko: '나, @사람 또는 #방' },
            },
            {
              name: 'when',
              kind: 'schedule',
              required: true,
              description: { en: 'when, or how often', ko: '언제 또는 얼마나 자주' },
            },
            { name: 'text', kind: 'text', required: true, description: { en: 'what to remind of', ko: '알릴 내용' } },
          ],
          run: (context, args) => this.create(context, args),
        },
      ],
    },
  ];

  private async create(context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const target = read.target(args, 'target');
    const schedule = read.schedule(args, 'when');
    const text = read.text(args, 'text');
    if (!target || !schedule || !text) throw new Error('the pipeline let a required argument through empty');
    const { reminder } = await this.reminders.create({
      id: context.messageId,
      creatorId: context.sender.userId,
      roomId: context.roomId,
      target: target.kind === 'user' ? { userId: target.user.id } : { roomId: target.room.id },
      text,
      at: schedule.at,
      recurrence: schedule.recurrence,
      timeZone: context.sender.timeZone,
    });
    const when = formatWhen(schedule.at, context);
    const repeat = schedule.recurrence ? { en: ' and then as scheduled', ko: ' 이후 반복' } : { en: '', ko: '' };
    const self = target.kind === 'user' && target.user.id === context.sender.userId;
    const whom = target.kind === 'room' ? `#${target.room.name ?? ''}` : self ? null : `@${target.user.login}`;
    return {
      visibility: self ? 'ephemeral' : 'room',
      text: {
        en: `⏰ I will remind ${whom ?? 'you'} on ${when.en}${repeat.en}: ${text} (id ${shortId(reminder.id)})`,
        ko: `⏰ ${when.ko}${repeat.ko}에 ${whom ? `${whom} 님께` : ''} 알려 드릴게요: ${text} (번호 ${shortId(reminder.id)})`.replace(
          '  ',
          ' ',
        ),
      },
    };
  }

  private async list(context: CommandContext): Promise<CommandReply> {
    const mine = await this.reminders.listMine(context.sender.userId);
    if (mine.length === 0)
      return { visibility: 'ephemeral', text: { en: 'You have no reminders.', ko: '설정된 알림이 없습니다.' } };
    const lines = (locale: keyof LocalisedText) =>
      mine
        .map(
          (r) =>
            `• ${shortId(r.id)}  ${r.nextAt ? formatWhen(r.nextAt, context)[locale] : '-'}${r.recurrence ? ' ↻' : ''}  ${r.text}`,
        )
        .join('\n');
    return { visibility: 'ephemeral', text: { en: `Your reminders:\n${lines('en')}`, ko: `내 알림:\n${lines('ko')}` } };
  }

  private async cancel(context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const id = read.text(args, 'id') ?? '';
    if (isAll(id)) {
      const count = await this.reminders.cancelAll(context.sender.userId);
      return {
        visibility: 'ephemeral',
        text: { en: `Cancelled ${count} reminders.`, ko: `알림 ${count}개를 취소했습니다.` },
      };
    }
    const reminder = await this.reminders.cancel(context.sender.userId, id);
    return {
      visibility: 'ephemeral',
      text: { en: `Cancelled: ${reminder.text}`, ko: `취소했습니다: ${reminder.text}` },
    };
  }
}

function isAll(id: string | undefined): boolean {
  return id !== undefined && ['all', '전체', '모두'].includes(id.toLowerCase());
}

function shortId(id: string): string {
  return id.slice(0, 8);
}

function formatWhen(at: Date, context: CommandContext): LocalisedText {
  const local = DateTime.fromJSDate(at, { zone: context.sender.timeZone });
  return {
    en: local.setLocale('en').toFormat('ccc d LLL yyyy, h:mm a'),
    ko: local.setLocale('ko').toFormat('yyyy년 M월 d일 (ccc) a h:mm'),
  };
}
