import { DateTime } from 'luxon';
import type { MeetingEntity } from './meeting.entity.js';

export type MeetingChange = 'invited' | 'updated' | 'cancelled' | 'reminder';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const HEADINGS: Record<MeetingChange, { ko: string; en: string }> = {
  invited: { ko: '회의 초대', en: 'Meeting invitation' },
  updated: { ko: '회의 변경', en: 'Meeting changed' },
  cancelled: { ko: '회의 취소', en: 'Meeting cancelled' },
  reminder: { ko: '회의 알림', en: 'Meeting reminder' },
};

/** One mail in Korean, then English; times in the meeting's zone. */
export function renderMeetingMail(input: {
  meeting: MeetingEntity;
  change: MeetingChange;
  start: Date;
  hostName: string;
  link: string | null;
}): RenderedMail {
  const { meeting, change } = input;
  const heading = HEADINGS[change];
  const when = formatWindow(input.start, meeting.durationMinutes, meeting.timeZone);
  const ko = [
    `[${heading.ko}] ${meeting.title}`,
    `일시: ${when.ko}`,
    `주최: ${input.hostName}`,
    ...(meeting.agenda ? [`안건: ${meeting.agenda}`] : []),
    ...(change === 'cancelled'
      ? ['이 회의는 취소되었습니다.']
      : input.link
        ? [`참여 링크(본인 전용): ${input.link}`]
        : []),
  ];
  const en = [
    `[${heading.en}] ${meeting.title}`,
    `When: ${when.en}`,
    `Host: ${input.hostName}`,
    ...(meeting.agenda ? [`Agenda: ${meeting.agenda}`] : []),
    ...(change === 'cancelled'
      ? ['This meeting has been cancelled.']
      : input.link
        ? [`Your personal link: ${input.link}`]
        : []),
  ];
  const paragraph = (lines: string[]) => `<p>${lines.map(escapeHtml).join('<br>')}</p>`;
  return {
    subject: `[${heading.ko} / ${heading.en}] ${meeting.title} (${when.short})`,
    text: `${ko.join('\n')}\n\n----\n\n${en.join('\n')}\n`,
    html: `<!doctype html><html lang="ko"><body>${paragraph(ko)}<hr>${paragraph(en)}</body></html>`,
  };
}

export function formatWindow(
  start: Date,
  minutes: number,
  timeZone: string,
): { ko: string; en: string; short: string } {
  const from = DateTime.fromJSDate(start, { zone: timeZone });
  const to = from.plus({ minutes });
  return {
    ko: `${from.setLocale('ko').toFormat('yyyy년 M월 d일 (ccc) HH:mm')}–${to.toFormat('HH:mm')} (${timeZone})`,
    en: `${from.setLocale('en').toFormat('ccc d LLL yyyy, HH:mm')}–${to.toFormat('HH:mm')} (${timeZone})`,
    short: from.toFormat('yyyy-MM-dd HH:mm'),
  };
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}
