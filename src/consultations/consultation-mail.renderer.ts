import { escapeHtml, formatWindow, type RenderedMail } from '../meetings/meeting-mail.renderer.js';

export type ConsultationMailKind = 'confirm-request' | 'confirmed' | 'moved' | 'cancelled' | 'reminder';

const HEADINGS: Record<ConsultationMailKind, { ko: string; en: string }> = {
  'confirm-request': { ko: '영상 민원상담 예약 확인 요청', en: 'Please confirm your video consultation' },
  confirmed: { ko: '영상 민원상담 예약 확정', en: 'Video consultation booked' },
  moved: { ko: '영상 민원상담 일정 변경', en: 'Video consultation moved' },
  cancelled: { ko: '영상 민원상담 취소', en: 'Video consultation cancelled' },
  reminder: { ko: '영상 민원상담 알림', en: 'Video consultation reminder' },
};

export interface ConsultationMailInput {
  kind: ConsultationMailKind;
  agencyName: string;
  topicName: string | null;
  startsAt: Date;
  minutes: number;
  /** The citizen's time zone: times are written as their clock shows them. */
  timeZone: string;
  locale: 'ko' | 'en';
  /** For confirm-request: the link that confirms; otherwise the personal manage link. */
  link: string | null;
  holdExpiresAt?: Date;
}

/**
 * A mail to the citizen, in their language first and then the other. It names no investigator and
 * repeats none of the complaint: a mailbox is not where personal data should pile up.
 */
export function renderConsultationMail(input: ConsultationMailInput): RenderedMail {
  const heading = HEADINGS[input.kind];
  const when = formatWindow(input.startsAt, input.minutes, input.timeZone);
  const hold = input.holdExpiresAt ? formatWindow(input.holdExpiresAt, 0, input.timeZone).short : '';
  const ko = [
    `[${heading.ko}] ${input.agencyName}`,
    `일시: ${when.ko}`,
    ...(input.topicName ? [`분야: ${input.topicName}`] : []),
    ...{
      'confirm-request': [
        `아래 링크에서 예약을 확인해 주세요. ${hold}까지 확인하지 않으면 예약이 취소됩니다.`,
        `예약 확인: ${input.link ?? ''}`,
      ],
      confirmed: [
        '예약이 확정되었습니다. 상담 시작 몇 분 전부터 아래 링크로 입장할 수 있습니다. 조사관이 입장을 승인할 때까지 대기실에서 기다려 주세요.',
        `예약 관리·입장(본인 전용): ${input.link ?? ''}`,
      ],
      moved: [
        '상담 일시가 변경되었습니다. 이전 입장 정보는 더 이상 쓸 수 없습니다.',
        `예약 관리·입장(본인 전용): ${input.link ?? ''}`,
      ],
      cancelled: ['상담 예약이 취소되었습니다.'],
      reminder: [
        '곧 상담이 시작됩니다. 시작 몇 분 전부터 아래 링크로 입장할 수 있습니다.',
        `예약 관리·입장(본인 전용): ${input.link ?? ''}`,
      ],
    }[input.kind],
  ];
  const en = [
    `[${heading.en}] ${input.agencyName}`,
    `When: ${when.en}`,
    ...(input.topicName ? [`Topic: ${input.topicName}`] : []),
    ...{
      'confirm-request': [
        `Please confirm the booking with the link below. Unless confirmed by ${hold}, it is released.`,
        `Confirm: ${input.link ?? ''}`,
      ],
      confirmed: [
        'Your booking is confirmed. A few minutes before the start, enter with the link below and wait in the lobby until the investigator admits you.',
        `Manage or join (for you only): ${input.link ?? ''}`,
      ],
      moved: [
        'The consultation has moved. Earlier joining details no longer work.',
        `Manage or join (for you only): ${input.link ?? ''}`,
      ],
      cancelled: ['The consultation has been cancelled.'],
      reminder: [
        'Your consultation starts soon. A few minutes before the start, enter with the link below.',
        `Manage or join (for you only): ${input.link ?? ''}`,
      ],
    }[input.kind],
  ];
  const [first, second] = input.locale === 'en' ? [en, ko] : [ko, en];
  const paragraph = (lines: string[]) => `<p>${lines.map(escapeHtml).join('<br>')}</p>`;
  return {
    subject:
      input.locale === 'en'
        ? `[${heading.en}] ${input.agencyName} (${when.short})`
        : `[${heading.ko}] ${input.agencyName} (${when.short})`,
    text: `${first.join('\n')}\n\n----\n\n${second.join('\n')}\n`,
    html: `<!doctype html><html lang="${input.locale}"><body>${paragraph(first)}<hr>${paragraph(second)}</body></html>`,
  };
}
