import { IeumException } from '../common/ieum.exception.js';

export const ReminderExceptionCode = {
  InPast: 'REMINDER_IN_PAST',
  NotFound: 'REMINDER_NOT_FOUND',
  TargetNotInRoom: 'REMINDER_TARGET_NOT_IN_ROOM',
  TooMany: 'REMINDER_TOO_MANY',
} as const;
export type ReminderExceptionCode = (typeof ReminderExceptionCode)[keyof typeof ReminderExceptionCode];

export class ReminderException extends IeumException<ReminderExceptionCode> {
  static inPast(): ReminderException {
    return new ReminderException(
      ReminderExceptionCode.InPast,
      { en: 'That time has already passed.', ko: '이미 지난 시각입니다.' },
      'invalid',
    );
  }

  static notFound(): ReminderException {
    return new ReminderException(
      ReminderExceptionCode.NotFound,
      { en: 'You have no such reminder.', ko: '해당 알림이 없습니다.' },
      'not_found',
    );
  }

  static targetNotInRoom(): ReminderException {
    return new ReminderException(
      ReminderExceptionCode.TargetNotInRoom,
      {
        en: 'You can remind only people who are in this room.',
        ko: '이 방에 있는 사람에게만 알림을 보낼 수 있습니다.',
      },
      'forbidden',
    );
  }

  static tooMany(limit: number): ReminderException {
    return new ReminderException(
      ReminderExceptionCode.TooMany,
      { en: `You can keep at most ${limit} reminders.`, ko: `알림은 최대 ${limit}개까지 둘 수 있습니다.` },
      'invalid',
    );
  }
}
