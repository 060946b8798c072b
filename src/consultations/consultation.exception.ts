import { IeumException } from '../common/ieum.exception.js';
import { peopleTime } from '../common/people-time.js';

export const ConsultationExceptionCode = {
  NotFound: 'CONSULT_NOT_FOUND',
  TopicNotFound: 'CONSULT_TOPIC_NOT_FOUND',
  SlotTaken: 'CONSULT_SLOT_TAKEN',
  SlotUnavailable: 'CONSULT_SLOT_UNAVAILABLE',
  DailyCapReached: 'CONSULT_DAILY_CAP_REACHED',
  PrivacyNotAccepted: 'CONSULT_PRIVACY_NOT_ACCEPTED',
  LinkInvalid: 'CONSULT_LINK_INVALID',
  HoldExpired: 'CONSULT_HOLD_EXPIRED',
  NotConfirmed: 'CONSULT_NOT_CONFIRMED',
  Closed: 'CONSULT_CLOSED',
  NotOpenYet: 'CONSULT_NOT_OPEN_YET',
  Over: 'CONSULT_OVER',
  NotStarted: 'CONSULT_NOT_STARTED',
  NotInvestigator: 'CONSULT_NOT_INVESTIGATOR',
  NotComplaintStaff: 'CONSULT_NOT_COMPLAINT_STAFF',
  NotAgencyAdmin: 'CONSULT_NOT_AGENCY_ADMIN',
  BadSchedule: 'CONSULT_BAD_SCHEDULE',
  TooManyRequests: 'CONSULT_TOO_MANY_REQUESTS',
  VideoNotConfigured: 'CONSULT_VIDEO_NOT_CONFIGURED',
} as const;
export type ConsultationExceptionCode = (typeof ConsultationExceptionCode)[keyof typeof ConsultationExceptionCode];

export class ConsultationException extends IeumException<ConsultationExceptionCode> {
  /** Also what anyone who may not read the consultation hears: whether it exists is not theirs to learn. */
  static notFound(): ConsultationException {
    return new ConsultationException(
      ConsultationExceptionCode.NotFound,
      { en: 'No such consultation.', ko: '해당 상담이 없습니다.' },
      'not_found',
    );
  }

  static topicNotFound(): ConsultationException {
    return new ConsultationException(
      ConsultationExceptionCode.TopicNotFound,
      { en: 'No such consultation topic.', ko: '해당 상담 분야가 없습니다.' },
      'not_found',
    );
  }

  static slotTaken(): ConsultationException {
    return new ConsultationException(
      ConsultationExceptionCode.SlotTaken,
      {
        en: 'Someone else has just booked this time. Please choose another.',
        ko: '방금 다른 분이 예약한 시간입니다. 다른 시간을 선택하세요.',
      },
      'conflict',
    );
  }

  static slotUnavailable(): ConsultationException {
    return new ConsultationException(
      ConsultationExceptionCode.SlotUnavailable,
      { en: 'This time is not open for consultations.', ko: '상담을 받을 수 없는 시간입니다.' },
      'conflict',
    );
  }

  static dailyCapReached(): ConsultationException {
    return new ConsultationException(
      ConsultationExceptionCode.DailyCapReached,
      { en: 'No more consultations can be booked on that day.', ko: '그날은 더 이상 상담을 예약할 수 없습니다.' },
      'conflict',
    );
  }

  static privacyNotAccepted(): ConsultationException {
    return new ConsultationException(
      ConsultationExceptionCode.PrivacyNotAccepted,
      { en: 'Please accept the privacy notice to book.', ko: '개인정보 수집·이용에 동의해야 예약할 수 있습니다.' },
      'invalid',
    );
  }

  static linkInvalid(): ConsultationException {
    return new ConsultationException(
      ConsultationExceptionCode.LinkInvalid,
      { en: 'This link is not valid.', ko: '유효하지 않은 링크입니다.' },
      'not_found',
    );
  }

  static holdExpired(): ConsultationException {
    return new ConsultationException(
      ConsultationExceptionCode.HoldExpired,
      {
        en: 'The booking was not confirmed in time. Please book again.',
        ko: '확인 시간이 지나 예약이 취소되었습니다. 다시 예약하세요.',
      },
      'gone',
    );
  }

  static notConfirmed(): ConsultationException {
    return new ConsultationException(
      ConsultationExceptionCode.NotConfirmed,
      {
        en: 'The booking is not confirmed yet: use the link in the e-mail.',
        ko: '아직 확인되지 않은 예약입니다. 이메일의 링크로 확인하세요.',
      },
      'conflict',
    );
  }

  static closed(): ConsultationException {
    return new ConsultationException(
      ConsultationExceptionCode.Closed,
      { en: 'This consultation was cancelled or is over.', ko: '취소되었거나 끝난 상담입니다.' },
      'conflict',
    );
  }

  /** The time in the text is in the citizen's zone; `details.opensAt` is the instant, for clients. */
  static notOpenYet(opensAt: Date, timeZone: string, now: Date): ConsultationException {
    const when = peopleTime(opensAt, timeZone, now);
    return new ConsultationException(
      ConsultationExceptionCode.NotOpenYet,
      { en: `The consultation room opens at ${when.en}.`, ko: `상담실은 ${when.ko}에 열립니다.` },
      'conflict',
      { opensAt: opensAt.toISOString() },
    );
  }

  static over(): ConsultationException {
    return new ConsultationException(
      ConsultationExceptionCode.Over,
      { en: 'This consultation is over.', ko: '이미 끝난 상담입니다.' },
      'conflict',
    );
  }

  static notStarted(): ConsultationException {
    return new ConsultationException(
      ConsultationExceptionCode.NotStarted,
      {
        en: 'A no-show can be marked only after the consultation has started.',
        ko: '불참은 상담 시작 이후에만 표시할 수 있습니다.',
      },
      'conflict',
    );
  }

  static notInvestigator(): ConsultationException {
    return new ConsultationException(
      ConsultationExceptionCode.NotInvestigator,
      {
        en: 'Only complaint investigators publish consultation hours.',
        ko: '민원 조사관만 상담 시간을 등록할 수 있습니다.',
      },
      'forbidden',
    );
  }

  static notComplaintStaff(): ConsultationException {
    return new ConsultationException(
      ConsultationExceptionCode.NotComplaintStaff,
      { en: 'Only complaint staff handle consultations.', ko: '민원 담당자만 상담을 다룰 수 있습니다.' },
      'forbidden',
    );
  }

  static notAgencyAdmin(): ConsultationException {
    return new ConsultationException(
      ConsultationExceptionCode.NotAgencyAdmin,
      {
        en: 'Only agency administrators change topics and closures.',
        ko: '기관 관리자만 상담 분야와 휴무일을 정할 수 있습니다.',
      },
      'forbidden',
    );
  }

  static badSchedule(problem: string): ConsultationException {
    return new ConsultationException(
      ConsultationExceptionCode.BadSchedule,
      { en: `The consultation hours are not valid: ${problem}`, ko: `상담 시간 설정이 올바르지 않습니다: ${problem}` },
      'invalid',
      { problem },
    );
  }

  /** No video deployment of the agency's own, and the operator has not allowed the public one for citizens. */
  static videoNotConfigured(): ConsultationException {
    return new ConsultationException(
      ConsultationExceptionCode.VideoNotConfigured,
      {
        en: 'Video consultations are not set up here yet, so the room cannot open. Please contact the agency; your booking stands.',
        ko: '이곳에는 아직 영상 상담 서버가 설정되지 않아 상담실을 열 수 없습니다. 기관에 문의하세요. 예약은 그대로 유지됩니다.',
      },
      'unavailable',
    );
  }

  static tooManyRequests(retryAfterSeconds: number): ConsultationException {
    return new ConsultationException(
      ConsultationExceptionCode.TooManyRequests,
      {
        en: `Too many bookings from here. Try again in ${retryAfterSeconds} s.`,
        ko: `예약 요청이 너무 많습니다. ${retryAfterSeconds}초 후에 다시 시도하세요.`,
      },
      'rate_limited',
      { retryAfterSeconds },
    );
  }
}
