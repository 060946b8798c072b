import { IeumException } from '../common/ieum.exception.js';
import { peopleTime } from '../common/people-time.js';

export const MeetingExceptionCode = {
  NotFound: 'MEETING_NOT_FOUND',
  NotHost: 'MEETING_NOT_HOST',
  InPast: 'MEETING_IN_PAST',
  Closed: 'MEETING_CLOSED',
  NotOpenYet: 'MEETING_NOT_OPEN_YET',
  Over: 'MEETING_OVER',
  BadRecurrence: 'MEETING_BAD_RECURRENCE',
  NoParticipants: 'MEETING_NO_PARTICIPANTS',
  TooManyParticipants: 'MEETING_TOO_MANY_PARTICIPANTS',
  LinkInvalid: 'MEETING_LINK_INVALID',
  NotStaff: 'MEETING_NOT_STAFF',
  NotAdmin: 'MEETING_NOT_ADMIN',
  RecordNotHeld: 'MEETING_RECORD_NOT_HELD',
  ManagedByConsultation: 'MEETING_MANAGED_BY_CONSULTATION',
  NotRecurring: 'MEETING_NOT_RECURRING',
  NoSuchOccurrence: 'MEETING_NO_SUCH_OCCURRENCE',
  WebhookRefused: 'MEETING_WEBHOOK_REFUSED',
  TooManyGuestRequests: 'MEETING_TOO_MANY_GUEST_REQUESTS',
} as const;
export type MeetingExceptionCode = (typeof MeetingExceptionCode)[keyof typeof MeetingExceptionCode];

export class MeetingException extends IeumException<MeetingExceptionCode> {
  static tooManyGuestRequests(retryAfterSeconds: number): MeetingException {
    return new MeetingException(
      MeetingExceptionCode.TooManyGuestRequests,
      {
        en: `Too many requests for meeting links from here. Try again in ${retryAfterSeconds} s.`,
        ko: `이 주소에서 회의 링크 요청이 너무 많습니다. ${retryAfterSeconds}초 후에 다시 시도하세요.`,
      },
      'rate_limited',
      { retryAfterSeconds },
    );
  }

  /** Also what someone who is not a participant hears: whether a meeting exists is not theirs to learn. */
  static notFound(): MeetingException {
    return new MeetingException(
      MeetingExceptionCode.NotFound,
      { en: 'No such meeting.', ko: '해당 회의가 없습니다.' },
      'not_found',
    );
  }

  static notHost(): MeetingException {
    return new MeetingException(
      MeetingExceptionCode.NotHost,
      { en: 'Only the host can change this meeting.', ko: '회의 주최자만 변경할 수 있습니다.' },
      'forbidden',
    );
  }

  static inPast(): MeetingException {
    return new MeetingException(
      MeetingExceptionCode.InPast,
      { en: 'A meeting cannot start in the past.', ko: '지난 시각으로 회의를 예약할 수 없습니다.' },
      'invalid',
    );
  }

  static closed(): MeetingException {
    return new MeetingException(
      MeetingExceptionCode.Closed,
      { en: 'This meeting was cancelled or has ended.', ko: '취소되었거나 끝난 회의입니다.' },
      'conflict',
    );
  }

  /** The time in the text is in the zone of the person refused; `details.opensAt` is the instant, for clients. */
  static notOpenYet(opensAt: Date, timeZone: string, now: Date): MeetingException {
    const when = peopleTime(opensAt, timeZone, now);
    return new MeetingException(
      MeetingExceptionCode.NotOpenYet,
      { en: `The meeting room opens at ${when.en}.`, ko: `회의실은 ${when.ko}에 열립니다.` },
      'conflict',
      { opensAt: opensAt.toISOString() },
    );
  }

  static over(): MeetingException {
    return new MeetingException(
      MeetingExceptionCode.Over,
      { en: 'This meeting is over.', ko: '이미 끝난 회의입니다.' },
      'conflict',
    );
  }

  static badRecurrence(): MeetingException {
    return new MeetingException(
      MeetingExceptionCode.BadRecurrence,
      { en: 'The recurrence is not a valid RRULE.', ko: '반복 규칙(RRULE)이 올바르지 않습니다.' },
      'invalid',
    );
  }

  static noParticipants(): MeetingException {
    return new MeetingException(
      MeetingExceptionCode.NoParticipants,
      { en: 'Invite at least one person besides yourself.', ko: '본인 외에 한 명 이상 초대하세요.' },
      'invalid',
    );
  }

  static tooManyParticipants(limit: number): MeetingException {
    return new MeetingException(
      MeetingExceptionCode.TooManyParticipants,
      { en: `A meeting can have at most ${limit} participants.`, ko: `회의 참석자는 최대 ${limit}명입니다.` },
      'invalid',
    );
  }

  static linkInvalid(): MeetingException {
    return new MeetingException(
      MeetingExceptionCode.LinkInvalid,
      { en: 'This meeting link is not valid any more.', ko: '더 이상 유효하지 않은 회의 링크입니다.' },
      'not_found',
    );
  }

  static notAdmin(): MeetingException {
    return new MeetingException(
      MeetingExceptionCode.NotAdmin,
      {
        en: 'Only system administrators import meeting records.',
        ko: '회의 기록은 시스템 관리자만 가져올 수 있습니다.',
      },
      'forbidden',
    );
  }

  /** Imported records are of meetings held: `rows` are those that end after now (the first 20 go in the details, with the count). */
  static recordNotHeld(rows: Array<{ index: number; field: string; externalId: string | null }>): MeetingException {
    const [first] = rows;
    const name = first ? `records[${first.index}]${first.externalId ? ` (${first.externalId})` : ''}` : 'records';
    const more = rows.length - 1;
    return new MeetingException(
      MeetingExceptionCode.RecordNotHeld,
      {
        en: `The record ${name} ends in the future: only meetings already held can be imported${more > 0 ? ` (and ${more} more)` : ''}.`,
        ko: `기록 ${name}의 종료 시각이 아직 오지 않았습니다. 이미 열린 회의만 가져올 수 있습니다${more > 0 ? ` (외 ${more}건)` : ''}.`,
      },
      'invalid',
      { rows: rows.slice(0, 20), count: rows.length },
    );
  }

  static notStaff(): MeetingException {
    return new MeetingException(
      MeetingExceptionCode.NotStaff,
      { en: 'Only public servants can host meetings.', ko: '공무원만 회의를 열 수 있습니다.' },
      'forbidden',
    );
  }

  static managedByConsultation(): MeetingException {
    return new MeetingException(
      MeetingExceptionCode.ManagedByConsultation,
      {
        en: 'This is a consultation: change it under /consultations, so the citizen hears of it.',
        ko: '민원상담 회의입니다. 민원인에게 알림이 가도록 상담 메뉴에서 변경하세요.',
      },
      'conflict',
    );
  }

  static notRecurring(): MeetingException {
    return new MeetingException(
      MeetingExceptionCode.NotRecurring,
      { en: 'This meeting does not repeat.', ko: '반복 회의가 아닙니다.' },
      'conflict',
    );
  }

  static noSuchOccurrence(): MeetingException {
    return new MeetingException(
      MeetingExceptionCode.NoSuchOccurrence,
      { en: 'The meeting has no upcoming occurrence at that time.', ko: '그 시각에 예정된 회차가 없습니다.' },
      'not_found',
    );
  }

  static webhookRefused(): MeetingException {
    return new MeetingException(
      MeetingExceptionCode.WebhookRefused,
      {
        en: 'This webhook is not configured or the credential is wrong.',
        ko: '웹훅이 설정되지 않았거나 인증 정보가 틀렸습니다.',
      },
      'unauthenticated',
    );
  }
}
