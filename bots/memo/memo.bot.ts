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
import { MemoService } from '../../src/memos/memo.service.js';
import { MEMO_SENDER } from '../../src/memos/memo-notices.job.js';

const ID_ARG = {
  name: 'id',
  kind: 'word',
  required: true,
  description: { en: 'the memo number', ko: '메모보고 번호' },
} as const;
const YES = new Set(['yes', 'y', 'true', '예', '네', '요청', 'o']);
const NO = new Set(['no', 'n', 'false', '아니오', '아니요', '없음', 'x']);

@Bot(MEMO_SENDER)
export class MemoBot implements IeumBot {
  constructor(private readonly memos: MemoService) {}

  readonly commands: readonly CommandSpec[] = [
    {
      name: 'memo',
      aliases: ['메모', '메모보고'],
      summary: {
        en: 'Memo reports to people and agencies: send, list, status, nudge',
        ko: '기관간 메모보고: 보내기, 목록, 현황, 독촉',
      },
      subcommands: [
        {
          name: '',
          aliases: ['send', '보내기'],
          summary: {
            en: 'Send a short memo; with a deadline it asks for opinions',
            ko: '짧은 메모보고를 보냅니다. 기한을 주면 의견을 요청합니다',
          },
          usage: '/memo "<title>" @people @agencies [<when>까지|by <when>] <text> [opinion:yes|no]',
          examples: [
            '/memo "2027년 예산 의견 조회" @기획재정부 @행정안전부 금요일까지 첨부한 안에 대한 의견 부탁드립니다',
            '/메모 "회의 결과 공유" @kim.mois 오늘 회의 결과 공유드립니다 의견:아니오',
          ],
          args: [
            {
              name: 'title',
              kind: 'word',
              required: true,
              description: { en: 'the title, quoted when it has spaces', ko: '제목(띄어쓰기가 있으면 따옴표로)' },
            },
            {
              name: 'who',
              kind: 'mentions',
              required: true,
              description: { en: '@people and @agencies to send to', ko: '받을 @사람, @기관' },
            },
            { name: 'deadline', kind: 'deadline', description: { en: 'when opinions are due', ko: '의견 기한' } },
            { name: 'text', kind: 'text', required: true, description: { en: 'the memo', ko: '메모 내용' } },
          ],
          options: [
            {
              key: 'opinion',
              aliases: ['의견'],
              kind: 'word',
              description: {
                en: 'ask for opinions: yes or no (yes when there is a deadline)',
                ko: '의견 요청: 예 또는 아니오(기한이 있으면 예)',
              },
            },
          ],
          confirm: (args) => {
            const who = read.mentions(args, 'who');
            const agencies = who.agencies.map((a) => a.name).join(', ');
            return agencies
              ? {
                  en: `Send this memo to everyone in ${agencies}${who.users.length > 0 ? ` and ${who.users.length} more` : ''}?`,
                  ko: `${agencies} 전원${who.users.length > 0 ? `과 ${who.users.length}명` : ''}에게 보낼까요?`,
                }
              : null;
          },
          run: (context, args) => this.send(context, args),
        },
        {
          name: 'list',
          aliases: ['목록'],
          summary: { en: 'Memos you received and sent', ko: '받은·보낸 메모보고' },
          usage: '/memo list',
          examples: ['/memo list', '/메모 목록'],
          args: [],
          run: (context) => this.list(context),
        },
        {
          name: 'status',
          aliases: ['현황'],
          summary: { en: 'Who read and answered your memo', ko: '보낸 메모보고의 읽음·응답 현황' },
          usage: '/memo status <id>',
          examples: ['/memo status 3f9c2a1b', '/메모 현황 3f9c2a1b'],
          args: [ID_ARG],
          run: (context, args) => this.status(context, args),
        },
        {
          name: 'nudge',
          aliases: ['독촉', '재촉'],
          summary: { en: 'Remind those who have not answered', ko: '미응답자에게 독촉' },
          usage: '/memo nudge <id>',
          examples: ['/memo nudge 3f9c2a1b', '/메모 독촉 3f9c2a1b'],
          args: [ID_ARG],
          run: (context, args) => this.nudge(context, args),
        },
      ],
    },
  ];

  private async send(context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const who = read.mentions(args, 'who');
    const deadline = read.date(args, 'deadline');
    const opinionWord = read.text(args, 'opinion')?.toLowerCase();
    if (opinionWord !== undefined && !YES.has(opinionWord) && !NO.has(opinionWord))
      return {
        visibility: 'ephemeral',
        text: {
          en: `opinion: is yes or no (not "${opinionWord}").`,
          ko: `의견: 은 예 또는 아니오 입니다("${opinionWord}" 아님).`,
        },
      };
    const { memo } = await this.memos.send(
      senderPrincipal(context),
      {
        title: read.text(args, 'title') ?? '',
        body: read.text(args, 'text') ?? '',
        userIds: who.users.map((u) => u.id),
        agencyIds: who.agencies.map((a) => a.id),
        deadlineAt: deadline ?? null,
        opinionRequested: opinionWord === undefined ? deadline !== undefined : YES.has(opinionWord),
        sourceKey: `cmd-${context.messageId}`,
      },
      context.now,
    );
    const total = memo.counts?.total ?? 0;
    return {
      visibility: 'ephemeral',
      text: {
        en: `Memo sent to ${total} people: ${memo.title} (no. ${memo.ref}).`,
        ko: `메모보고를 ${total}명에게 보냈습니다: ${memo.title} (번호 ${memo.ref}).`,
      },
    };
  }

  private async list(context: CommandContext): Promise<CommandReply> {
    const principal = senderPrincipal(context);
    const [inbox, sent] = await Promise.all([
      this.memos.list(principal, 'inbox', 10),
      this.memos.list(principal, 'sent', 10),
    ]);
    const line = (m: (typeof inbox)[number], locale: keyof LocalisedText) =>
      `• ${m.ref}  ${m.title}${m.mine ? ` · ${m.mine.opinionAt ? (locale === 'ko' ? '의견 제출' : 'answered') : m.mine.readAt ? (locale === 'ko' ? '읽음' : 'read') : locale === 'ko' ? '새 메모' : 'new'}` : ''}${m.counts ? ` · ${m.counts.opinions}/${m.counts.total}` : ''}`;
    const text = (locale: keyof LocalisedText) =>
      [
        locale === 'ko' ? '받은 메모보고:' : 'Received:',
        ...inbox.map((m) => line(m, locale)),
        '',
        locale === 'ko' ? '보낸 메모보고:' : 'Sent:',
        ...sent.map((m) => line(m, locale)),
      ].join('\n');
    return { visibility: 'ephemeral', text: { en: text('en'), ko: text('ko') } };
  }

  private async status(context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const principal = senderPrincipal(context);
    const memo = await this.memos.findByRef(principal, read.text(args, 'id') ?? '');
    const status = await this.memos.status(principal, memo.id);
    const missing = status.missing.map((m) => m.displayName).join(', ') || '-';
    return {
      visibility: 'ephemeral',
      text: {
        ko: `📊 ${memo.title}: 전달 ${status.delivered}/${status.total} · 읽음 ${status.read}/${status.total} · 확인 ${status.acknowledged} · 의견 ${status.opinions}\n미응답: ${missing}`,
        en: `📊 ${memo.title}: delivered ${status.delivered} of ${status.total} · read ${status.read} of ${status.total} · acknowledged ${status.acknowledged} · opinions ${status.opinions}\nNot answered: ${missing}`,
      },
    };
  }

  private async nudge(context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const principal = senderPrincipal(context);
    const memo = await this.memos.findByRef(principal, read.text(args, 'id') ?? '');
    const { nudging, recentlyNudged } = await this.memos.nudge(principal, memo.id, context.now);
    const recent =
      recentlyNudged > 0
        ? {
            en: ` ${recentlyNudged} more were reminded less than an hour ago.`,
            ko: ` ${recentlyNudged}명은 1시간 안에 이미 독촉했습니다.`,
          }
        : { en: '', ko: '' };
    return {
      visibility: 'ephemeral',
      text: {
        en: `Reminding ${nudging} people who have not answered.${recent.en}`,
        ko: `미응답자 ${nudging}명에게 독촉합니다.${recent.ko}`,
      },
    };
  }
}
