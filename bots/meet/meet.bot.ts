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
import { formatWindow } from '../../src/meetings/meeting-mail.renderer.js';
import { MeetingService } from '../../src/meetings/meeting.service.js';
import type { MeetingView } from '../../src/meetings/meeting-views.service.js';
import { MEET_SENDER } from '../../src/meetings/meeting-notices.job.js';

@Bot(MEET_SENDER)
export class MeetBot implements IeumBot {
  constructor(private readonly meetings: MeetingService) {}

  readonly commands: readonly CommandSpec[] = [
    {
      name: 'meet',
      aliases: ['회의', 'meeting'],
      summary: {
        en: 'Video meetings: start one now, schedule, list, cancel, reschedule',
        ko: '영상회의: 바로 시작, 예약, 목록, 취소, 일정 변경',
      },
      subcommands: [
        {
          name: 'now',
          aliases: ['지금', '바로'],
          summary: { en: 'A meeting for everyone in this room, starting now', ko: '이 방의 모두와 지금 바로 회의' },
          usage: '/meet now [duration]',
          examples: ['/meet now', '/회의 지금 30분'],
          args: [
            {
              name: 'duration',
              kind: 'duration',
              description: { en: 'how long (60 minutes when not given)', ko: '회의 시간(없으면 60분)' },
            },
          ],
          run: (context, args) => this.now(context, args),
        },
        {
          name: 'schedule',
          aliases: ['예약', '잡기'],
          summary: { en: 'Schedule a meeting and send the invitations', ko: '회의를 예약하고 초대장을 보냅니다' },
          usage: '/meet schedule "<title>" <when> <duration> [@people @agencies] [guest e-mails]',
          examples: [
            '/meet schedule "주간 점검" 내일 14:00 60m @kim.mois @국민권익위원회 member@example.org',
            '/회의 예약 "자문위원회" 다음 주 월요일 10:00 90분 위원@example.org',
          ],
          args: [
            {
              name: 'title',
              kind: 'word',
              required: true,
              description: { en: 'the title, quoted when it has spaces', ko: '회의 제목(띄어쓰기가 있으면 따옴표로)' },
            },
            { name: 'when', kind: 'when', required: true, description: { en: 'when it starts', ko: '시작 일시' } },
            { name: 'duration', kind: 'duration', required: true, description: { en: 'how long', ko: '회의 시간' } },
            {
              name: 'who',
              kind: 'mentions',
              description: { en: '@people and @agencies to invite', ko: '초대할 @사람, @기관' },
            },
            {
              name: 'guests',
              kind: 'text',
              description: { en: 'e-mail addresses of outside participants', ko: '외부 참석자 이메일' },
            },
          ],
          run: (context, args) => this.schedule(context, args),
        },
        {
          name: 'list',
          aliases: ['목록'],
          summary: { en: 'Your upcoming meetings', ko: '다가오는 내 회의' },
          usage: '/meet list',
          examples: ['/meet list', '/회의 목록'],
          args: [],
          run: (context) => this.list(context),
        },
        {
          name: 'cancel',
          aliases: ['취소'],
          summary: { en: 'Cancel a meeting you host', ko: '주최한 회의 취소' },
          usage: '/meet cancel <id>',
          examples: ['/meet cancel 3f9c2a1b', '/회의 취소 3f9c2a1b'],
          args: [
            {
              name: 'id',
              kind: 'word',
              required: true,
              description: { en: 'the id shown by /meet list', ko: '/회의 목록 에 나온 번호' },
            },
          ],
          confirm: () => ({
            en: 'Cancel this meeting and tell everyone invited?',
            ko: '이 회의를 취소하고 초대한 모두에게 알릴까요?',
          }),
          run: (context, args) => this.cancel(context, args),
        },
        {
          name: 'reschedule',
          aliases: ['변경', '연기'],
          summary: { en: 'Move a meeting you host', ko: '주최한 회의의 일시 변경' },
          usage: '/meet reschedule <id> <when> [duration]',
          examples: ['/meet reschedule 3f9c2a1b tomorrow 3pm', '/회의 변경 3f9c2a1b 금요일 10:00 30분'],
          args: [
            {
              name: 'id',
              kind: 'word',
              required: true,
              description: { en: 'the id shown by /meet list', ko: '/회의 목록 에 나온 번호' },
            },
            { name: 'when', kind: 'when', required: true, description: { en: 'the new start', ko: '새 시작 일시' } },
            { name: 'duration', kind: 'duration', description: { en: 'a new length', ko: '새 회의 시간' } },
          ],
          run: (context, args) => this.reschedule(context, args),
        },
      ],
    },
  ];

  private async now(context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const { meeting } = await this.meetings.schedule(
      senderPrincipal(context),
      {
        title: context.text({ en: 'Meeting now', ko: '바로 회의' }),
        startsAt: context.now,
        durationMinutes: read.minutes(args, 'duration') ?? 60,
        timeZone: context.sender.timeZone,
        roomId: context.roomId,
        inviteRoom: true,
        reminderMinutes: [],
        sourceKey: `cmd-${context.messageId}`,
      },
      context.now,
    );
    return { visibility: 'room', text: announce(meeting, { en: '🎥 Meeting now', ko: '🎥 지금 회의' }) };
  }

  private async schedule(context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const who = read.mentions(args, 'who');
    const guests = (read.text(args, 'guests') ?? '').split(/[\s,;]+/).filter((g) => g.length > 0);
    const { meeting } = await this.meetings.schedule(
      senderPrincipal(context),
      {
        title: read.text(args, 'title') ?? '',
        startsAt: read.date(args, 'when') ?? context.now,
        durationMinutes: read.minutes(args, 'duration') ?? 60,
        timeZone: context.sender.timeZone,
        roomId: context.roomId,
        userIds: who.users.map((u) => u.id),
        agencyIds: who.agencies.map((a) => a.id),
        guests: guests.map((email) => ({ email })),
        sourceKey: `cmd-${context.messageId}`,
      },
      context.now,
    );
    return { visibility: 'room', text: announce(meeting, { en: '📅 Meeting scheduled', ko: '📅 회의 예약' }) };
  }

  private async list(context: CommandContext): Promise<CommandReply> {
    const mine = await this.meetings.listMine(senderPrincipal(context), context.now);
    if (mine.length === 0)
      return {
        visibility: 'ephemeral',
        text: { en: 'You have no upcoming meetings.', ko: '다가오는 회의가 없습니다.' },
      };
    const lines = (locale: keyof LocalisedText) =>
      mine.map((m) => `• ${m.id.slice(0, 8)}  ${when(m)[locale]}  ${m.title}`).join('\n');
    return { visibility: 'ephemeral', text: { en: `Your meetings:\n${lines('en')}`, ko: `내 회의:\n${lines('ko')}` } };
  }

  private async cancel(context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const principal = senderPrincipal(context);
    const found = await this.meetings.findMine(principal, read.text(args, 'id') ?? '');
    const meeting = await this.meetings.cancel(principal, found.id);
    return {
      visibility: 'room',
      text: {
        en: `❌ Cancelled: ${meeting.title} (${when(meeting).en})`,
        ko: `❌ 회의 취소: ${meeting.title} (${when(meeting).ko})`,
      },
    };
  }

  private async reschedule(context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const principal = senderPrincipal(context);
    const found = await this.meetings.findMine(principal, read.text(args, 'id') ?? '');
    const meeting = await this.meetings.reschedule(
      principal,
      found.id,
      { startsAt: read.date(args, 'when') ?? context.now, durationMinutes: read.minutes(args, 'duration') },
      context.now,
    );
    return { visibility: 'room', text: announce(meeting, { en: '🔁 Meeting moved', ko: '🔁 회의 일정 변경' }) };
  }
}

function when(meeting: MeetingView): { ko: string; en: string } {
  return formatWindow(new Date(meeting.nextStartsAt ?? meeting.startsAt), meeting.durationMinutes, meeting.timeZone);
}

function announce(meeting: MeetingView, head: LocalisedText): LocalisedText {
  const w = when(meeting);
  const people = (meeting.participants ?? []).length;
  return {
    en: `${head.en}: ${meeting.title}\n${w.en} · ${people} invited\nJoin: ${meeting.link} (id ${meeting.id.slice(0, 8)})`,
    ko: `${head.ko}: ${meeting.title}\n${w.ko} · ${people}명 초대\n참여: ${meeting.link} (번호 ${meeting.id.slice(0, 8)})`,
  };
}
