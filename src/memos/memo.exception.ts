import { IeumException } from '../common/ieum.exception.js';

export const MemoExceptionCode = {
  NotFound: 'MEMO_NOT_FOUND',
  Ambiguous: 'MEMO_AMBIGUOUS',
  NotAuthor: 'MEMO_NOT_AUTHOR',
  NotRecipient: 'MEMO_NOT_RECIPIENT',
  NoRecipients: 'MEMO_NO_RECIPIENTS',
  NotStaff: 'MEMO_NOT_STAFF',
  Closed: 'MEMO_CLOSED',
  NoOpinionRequested: 'MEMO_NO_OPINION_REQUESTED',
  DeadlinePast: 'MEMO_DEADLINE_PAST',
  UnknownTarget: 'MEMO_UNKNOWN_TARGET',
  FilesNotAttachable: 'MEMO_FILES_NOT_ATTACHABLE',
} as const;
export type MemoExceptionCode = (typeof MemoExceptionCode)[keyof typeof MemoExceptionCode];

export class MemoException extends IeumException<MemoExceptionCode> {
  /** Also what someone who is neither its author nor a recipient hears. */
  static notFound(): MemoException {
    return new MemoException(
      MemoExceptionCode.NotFound,
      { en: 'No such memo.', ko: '해당 메모보고가 없습니다.' },
      'not_found',
    );
  }

  static ambiguous(ref: string): MemoException {
    return new MemoException(
      MemoExceptionCode.Ambiguous,
      {
        en: `More than one memo starts with ${ref}; give more of its number.`,
        ko: `${ref}(으)로 시작하는 메모보고가 여럿입니다. 번호를 더 길게 입력하세요.`,
      },
      'invalid',
    );
  }

  static notAuthor(): MemoException {
    return new MemoException(
      MemoExceptionCode.NotAuthor,
      {
        en: 'Only the author sees who answered, exports and nudges.',
        ko: '응답 현황, 내보내기, 독촉은 작성자만 할 수 있습니다.',
      },
      'forbidden',
    );
  }

  static notRecipient(): MemoException {
    return new MemoException(
      MemoExceptionCode.NotRecipient,
      { en: 'Only its recipients answer a memo.', ko: '메모보고의 수신자만 응답할 수 있습니다.' },
      'forbidden',
    );
  }

  static noRecipients(): MemoException {
    return new MemoException(
      MemoExceptionCode.NoRecipients,
      { en: 'Nobody active is reached by these addressees.', ko: '수신 대상에 재직 중인 사람이 없습니다.' },
      'invalid',
    );
  }

  static notStaff(): MemoException {
    return new MemoException(
      MemoExceptionCode.NotStaff,
      {
        en: 'Only public servants of an agency can send memos.',
        ko: '기관 소속 공무원만 메모보고를 보낼 수 있습니다.',
      },
      'forbidden',
    );
  }

  static closed(): MemoException {
    return new MemoException(
      MemoExceptionCode.Closed,
      {
        en: 'The deadline has passed; opinions can no longer be given or changed.',
        ko: '기한이 지나 의견을 제출하거나 수정할 수 없습니다.',
      },
      'conflict',
    );
  }

  static noOpinionRequested(): MemoException {
    return new MemoException(
      MemoExceptionCode.NoOpinionRequested,
      {
        en: 'This memo asks for no opinion; acknowledge it instead.',
        ko: '의견을 요청하지 않은 메모보고입니다. 확인만 해 주세요.',
      },
      'conflict',
    );
  }

  static deadlinePast(): MemoException {
    return new MemoException(
      MemoExceptionCode.DeadlinePast,
      { en: 'The deadline must be in the future.', ko: '기한은 현재 이후여야 합니다.' },
      'invalid',
    );
  }

  static unknownTarget(kind: string): MemoException {
    return new MemoException(
      MemoExceptionCode.UnknownTarget,
      {
        en: `An addressee (${kind}) is not in the directory.`,
        ko: `수신 대상(${kind}) 중 조직도에 없는 항목이 있습니다.`,
      },
      'invalid',
    );
  }

  static filesNotAttachable(): MemoException {
    return new MemoException(
      MemoExceptionCode.FilesNotAttachable,
      {
        en: 'Attach only files you uploaded with POST /files and have not attached elsewhere.',
        ko: 'POST /files 로 올린, 다른 곳에 첨부하지 않은 본인 파일만 첨부할 수 있습니다.',
      },
      'invalid',
    );
  }
}
