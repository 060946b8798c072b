import { DateTime } from 'luxon';
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
import { ConsultationAvailabilityService } from '../../src/consultations/consultation-availability.service.js';
import { ConsultationBookingService } from '../../src/consultations/consultation-booking.service.js';
import { ConsultationService, type StaffConsultationView } from '../../src/consultations/consultation.service.js';
import { UserRole } from '../../src/identity/identity.types.js';
import { maskAddress } from '../../src/mail/mail-address.js';
import { formatWindow } from '../../src/meetings/meeting-mail.renderer.js';
import { CONSULT_SENDER } from '../../src/consultations/consultation-notices.job.js';

const complaintStaff = [UserRole.ComplaintInvestigator];

@Bot(CONSULT_SENDER)
export class ConsultBot implements IeumBot {
  constructor(
    private readonly consultations: ConsultationService,
    private readonly booking: ConsultationBookingService,
    private readonly availability: ConsultationAvailabilityService,
  ) {}

  readonly commands: readonly CommandSpec[] = [
    {
      name: 'consult',
      aliases: ['상담', 'consultation'],
      summary: {
        en: '1:1 video complaint consultations: free slots, book for a citizen, list, cancel, no-show',
        ko: '영상 민원상담: 빈 시간, 민원인 대신 예약, 목록, 취소, 불참 처리',
      },
      subcommands: [
        {
          name: 'slots',
          aliases: ['시간', '빈시간'],
          summary: { en: 'Free consultation times of your agency', ko: '우리 기관의 상담 가능 시간' },
          usage: '/consult slots [date] [@investigator]',
          examples: ['/consult slots', '/상담 시간 내일 @kim.acrc'],
          args: [
            {
              name: 'date',
              kind: 'when',
              description: { en: 'which day (from now when not given)', ko: '날짜(없으면 지금부터)' },
            },
            { name: 'investigator', kind: 'user', description: { en: 'one investigator', ko: '조사관' } },
          ],
          roles: complaintStaff,
          run: (context, args) => this.slots(context, args),
        },
        {
          name: 'book',
          aliases: ['예약'],
          summary: {
            en: 'Book a consultation for a citizen; they get the confirmation e-mail',
            ko: '민원인 대신 상담 예약(민원인에게 확인 메일 발송)',
          },
          usage: '/consult book <time> <e-mail> "<summary>" [name:…] [phone:…] [case:…]',
          examples: [
            '/consult book 내일 14:00 citizen@example.org "주차 과태료 이의"',
            '/상담 예약 12월 3일 10:30 hong@example.org "소음 민원" 이름:홍길동',
          ],
          args: [
            {
              name: 'when',
              kind: 'when',
              required: true,
              description: { en: 'a free time from /consult slots', ko: '상담 시간(/상담 시간 에서 확인)' },
            },
            {
              name: 'email',
              kind: 'word',
              required: true,
              description: { en: "the citizen's e-mail", ko: '민원인 이메일' },
            },
            {
              name: 'summary',
              kind: 'text',
              required: true,
              description: { en: 'the complaint in a few words', ko: '민원 요지' },
            },
          ],
          options: [
            {
              key: 'name',
              aliases: ['이름'],
              kind: 'word',
              description: { en: "the citizen's name", ko: '민원인 이름' },
            },
            { key: 'phone', aliases: ['전화'], kind: 'word', description: { en: 'a phone number', ko: '전화번호' } },
            {
              key: 'case',
              aliases: ['사건번호', '민원번호'],
              kind: 'word',
              description: { en: 'the case number', ko: '민원 접수번호' },
            },
          ],
          roles: complaintStaff,
          run: (context, args) => this.book(context, args),
        },
        {
          name: 'list',
          aliases: ['목록'],
          summary: { en: "Your agency's upcoming consultations", ko: '예정된 우리 기관 상담' },
          usage: '/consult list',
          examples: ['/consult list', '/상담 목록'],
          args: [],
          roles: complaintStaff,
          run: (context) => this.list(context),
        },
        {
          name: 'cancel',
          aliases: ['취소'],
          summary: {
            en: 'Cancel a consultation; the citizen is told by e-mail',
            ko: '상담 취소(민원인에게 메일로 알림)',
          },
          usage: '/consult cancel <id>',
          examples: ['/consult cancel 1a2b3c4d', '/상담 취소 1a2b3c4d'],
          args: [
            {
              name: 'id',
              kind: 'word',
              required: true,
              description: { en: 'the id shown by /consult list', ko: '/상담 목록 에 나온 번호' },
            },
          ],
          roles: complaintStaff,
          confirm: () => ({
            en: 'Cancel this consultation and e-mail the citizen?',
            ko: '이 상담을 취소하고 민원인에게 메일로 알릴까요?',
          }),
          run: (context, args) => this.cancel(context, args),
        },
        {
          name: 'noshow',
          aliases: ['불참', 'no-show'],
          summary: { en: 'Mark that the citizen did not come', ko: '민원인 불참 처리' },
          usage: '/consult noshow <id>',
          examples: ['/consult noshow 1a2b3c4d', '/상담 불참 1a2b3c4d'],
          args: [
            {
              name: 'id',
              kind: 'word',
              required: true,
              description: { en: 'the id shown by /consult list', ko: '/상담 목록 에 나온 번호' },
            },
          ],
          roles: complaintStaff,
          run: (context, args) => this.noShow(context, args),
        },
      ],
    },
  ];

  private async slots(context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const date = read.date(args, 'date');
    const from = date
      ? DateTime.fromJSDate(date, { zone: context.sender.timeZone }).startOf('day').toJSDate()
      : context.now;
    const slots = await this.availability.slotsForStaff(
      senderPrincipal(context),
      {
        from,
        days: date ? 1 : 7,
        timeZone: context.sender.timeZone,
        investigatorId: read.user(args, 'investigator')?.id,
      },
      context.now,
    );
    if (slots.length === 0)
      return {
        visibility: 'ephemeral',
        text: { en: 'No free consultation times then.', ko: '그때는 상담 가능한 시간이 없습니다.' },
      };
    const shown = slots
      .slice(0, 20)
      .map((s) => `• ${s.local}  ${s.investigatorName}`)
      .join('\n');
    const more = slots.length > 20 ? `\n… (+${slots.length - 20})` : '';
    return {
      visibility: 'ephemeral',
      text: { en: `Free times:\n${shown}${more}`, ko: `상담 가능 시간:\n${shown}${more}` },
    };
  }

  private async book(context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const email = read.text(args, 'email') ?? '';
    const { consultation } = await this.booking.bookForCitizen(
      senderPrincipal(context),
      {
        startsAt: read.date(args, 'when') ?? context.now,
        email,
        summary: read.text(args, 'summary') ?? '',
        name: read.text(args, 'name'),
        phone: read.text(args, 'phone'),
        caseNumber: read.text(args, 'case'),
        locale: context.sender.locale,
        sourceKey: `cmd-${context.messageId}`,
      },
      context.now,
    );
    const view = await this.consultations.get(senderPrincipal(context), consultation.id);
    const w = window(view, context.sender.timeZone);
    // The room sees when and who handles it; the citizen's address only masked.
    return {
      visibility: 'room',
      text: {
        en: `📋 Consultation booked: ${w.en}\nInvestigator: ${view.investigator.name} · citizen ${maskAddress(email)} (confirmation e-mailed) · id ${view.id.slice(0, 8)}`,
        ko: `📋 상담 예약: ${w.ko}\n담당 조사관: ${view.investigator.name} · 민원인 ${maskAddress(email)} (확인 메일 발송) · 번호 ${view.id.slice(0, 8)}`,
      },
    };
  }

  private async list(context: CommandContext): Promise<CommandReply> {
    const rows = (
      await this.consultations.list(senderPrincipal(context), {
        from: context.now,
        days: 30,
        statuses: ['confirmed', 'pending'],
      })
    ).slice(0, 30);
    if (rows.length === 0)
      return { visibility: 'ephemeral', text: { en: 'No upcoming consultations.', ko: '예정된 상담이 없습니다.' } };
    const lines = (locale: keyof LocalisedText) =>
      rows
        .map(
          (c) =>
            `• ${c.id.slice(0, 8)}  ${window(c, context.sender.timeZone)[locale]}  ${c.investigator.name}  ${c.citizen.name ?? '-'}${c.status === 'pending' ? (locale === 'ko' ? ' (확인 대기)' : ' (awaiting confirmation)') : ''}`,
        )
        .join('\n');
    return {
      visibility: 'ephemeral',
      text: { en: `Upcoming consultations:\n${lines('en')}`, ko: `예정된 상담:\n${lines('ko')}` },
    };
  }

  private async cancel(context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const principal = senderPrincipal(context);
    const found = await this.consultations.findForStaff(principal, read.text(args, 'id') ?? '', context.now);
    const view = await this.consultations.cancel(principal, found.id, context.now);
    const w = window(view, context.sender.timeZone);
    return {
      visibility: 'room',
      text: {
        en: `❌ Consultation cancelled: ${w.en} (id ${view.id.slice(0, 8)})`,
        ko: `❌ 상담 취소: ${w.ko} (번호 ${view.id.slice(0, 8)})`,
      },
    };
  }

  private async noShow(context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const principal = senderPrincipal(context);
    const found = await this.consultations.findForStaff(principal, read.text(args, 'id') ?? '', context.now);
    const view = await this.consultations.noShow(principal, found.id, context.now);
    return {
      visibility: 'ephemeral',
      text: {
        en: `Marked as no-show: ${window(view, context.sender.timeZone).en}`,
        ko: `불참 처리: ${window(view, context.sender.timeZone).ko}`,
      },
    };
  }
}

function window(
  view: Pick<StaffConsultationView, 'startsAt' | 'endsAt'>,
  timeZone: string,
): { ko: string; en: string } {
  const start = new Date(view.startsAt);
  return formatWindow(start, Math.round((new Date(view.endsAt).getTime() - start.getTime()) / 60_000), timeZone);
}
