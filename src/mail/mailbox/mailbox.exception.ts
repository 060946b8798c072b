import { IeumException } from '../../common/ieum.exception.js';

export const MailboxExceptionCode = {
  AdminsOnly: 'MAILBOX_ADMINS_ONLY',
  NotFound: 'MAILBOX_MAIL_NOT_FOUND',
  BadCursor: 'MAILBOX_BAD_CURSOR',
} as const;
export type MailboxExceptionCode = (typeof MailboxExceptionCode)[keyof typeof MailboxExceptionCode];

export class MailboxException extends IeumException<MailboxExceptionCode> {
  static adminsOnly(): MailboxException {
    return new MailboxException(
      MailboxExceptionCode.AdminsOnly,
      {
        en: 'Only system administrators may read the mailbox of sent mail.',
        ko: '발송 메일함은 시스템 관리자만 볼 수 있습니다.',
      },
      'forbidden',
    );
  }

  static notFound(): MailboxException {
    return new MailboxException(
      MailboxExceptionCode.NotFound,
      {
        en: 'That mail is not in the mailbox (it may have passed its retention).',
        ko: '메일함에 없는 메일입니다. 보관 기간이 지나 지워졌을 수 있습니다.',
      },
      'not_found',
    );
  }

  static badCursor(): MailboxException {
    return new MailboxException(
      MailboxExceptionCode.BadCursor,
      {
        en: 'The page cursor is not valid; start from the first page.',
        ko: '페이지 위치가 올바르지 않습니다. 첫 페이지부터 다시 보세요.',
      },
      'invalid',
    );
  }
}
