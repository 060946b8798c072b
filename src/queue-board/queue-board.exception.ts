import { IeumException } from '../common/ieum.exception.js';

export const QueueBoardExceptionCode = {
  SystemAdminsOnly: 'QUEUE_BOARD_SYSTEM_ADMINS_ONLY',
  TicketRequired: 'QUEUE_BOARD_TICKET_REQUIRED',
} as const;
export type QueueBoardExceptionCode = (typeof QueueBoardExceptionCode)[keyof typeof QueueBoardExceptionCode];

export class QueueBoardException extends IeumException<QueueBoardExceptionCode> {
  static systemAdminsOnly(): QueueBoardException {
    return new QueueBoardException(
      QueueBoardExceptionCode.SystemAdminsOnly,
      {
        en: 'Only system administrators may open the queue dashboard.',
        ko: '작업 대기열 화면은 시스템 관리자만 열 수 있습니다.',
      },
      'forbidden',
    );
  }

  static ticketRequired(): QueueBoardException {
    return new QueueBoardException(
      QueueBoardExceptionCode.TicketRequired,
      {
        en: 'Open the queue dashboard from Ieum’s administration page: its pass is missing, expired or no longer valid (signed out).',
        ko: '작업 대기열 화면은 이음 관리 화면에서 열어 주세요. 입장권이 없거나, 만료되었거나, 로그아웃으로 더는 쓸 수 없습니다.',
      },
      'unauthenticated',
    );
  }
}
