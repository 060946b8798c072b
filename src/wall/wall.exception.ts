import { IeumException } from '../common/ieum.exception.js';

export const WallExceptionCode = {
  NotFound: 'WALL_NOT_FOUND',
  PostNotFound: 'WALL_POST_NOT_FOUND',
  CommentNotFound: 'WALL_COMMENT_NOT_FOUND',
  AnonymousNotAllowed: 'WALL_ANONYMOUS_NOT_ALLOWED',
  NotModerator: 'WALL_NOT_MODERATOR',
  NotAuthor: 'WALL_NOT_AUTHOR',
  FilesNotAttachable: 'WALL_FILES_NOT_ATTACHABLE',
  NotStaff: 'WALL_NOT_STAFF',
  TooManyWrites: 'WALL_TOO_MANY_WRITES',
} as const;
export type WallExceptionCode = (typeof WallExceptionCode)[keyof typeof WallExceptionCode];

export class WallException extends IeumException<WallExceptionCode> {
  static notFound(): WallException {
    return new WallException(
      WallExceptionCode.NotFound,
      { en: 'No such wall.', ko: '해당 담벼락이 없습니다.' },
      'not_found',
    );
  }

  static postNotFound(): WallException {
    return new WallException(
      WallExceptionCode.PostNotFound,
      { en: 'No such post.', ko: '해당 게시글이 없습니다.' },
      'not_found',
    );
  }

  static commentNotFound(): WallException {
    return new WallException(
      WallExceptionCode.CommentNotFound,
      { en: 'No such comment.', ko: '해당 댓글이 없습니다.' },
      'not_found',
    );
  }

  static anonymousNotAllowed(): WallException {
    return new WallException(
      WallExceptionCode.AnonymousNotAllowed,
      { en: 'This wall does not take anonymous posts.', ko: '이 담벼락은 익명 게시를 허용하지 않습니다.' },
      'invalid',
    );
  }

  static notModerator(): WallException {
    return new WallException(
      WallExceptionCode.NotModerator,
      {
        en: "Only this wall's agency administrators (or system administrators) can do that.",
        ko: '이 담벼락 기관의 관리자(또는 시스템 관리자)만 할 수 있습니다.',
      },
      'forbidden',
    );
  }

  static notModeratorAnywhere(): WallException {
    return new WallException(
      WallExceptionCode.NotModerator,
      {
        en: 'Only agency administrators and system administrators see reported posts and comments.',
        ko: '신고된 게시글과 댓글은 기관 관리자와 시스템 관리자만 볼 수 있습니다.',
      },
      'forbidden',
    );
  }

  static notAuthor(): WallException {
    return new WallException(
      WallExceptionCode.NotAuthor,
      { en: 'Only its author can delete a post.', ko: '작성자만 게시글을 삭제할 수 있습니다.' },
      'forbidden',
    );
  }

  static filesNotAttachable(): WallException {
    return new WallException(
      WallExceptionCode.FilesNotAttachable,
      {
        en: 'Attach only files you uploaded with POST /files and have not attached elsewhere.',
        ko: 'POST /files 로 올린, 다른 곳에 첨부하지 않은 본인 파일만 첨부할 수 있습니다.',
      },
      'invalid',
    );
  }

  static tooManyWrites(retryAfterSeconds: number): WallException {
    return new WallException(
      WallExceptionCode.TooManyWrites,
      {
        en: `You have written a lot on walls this hour; try again in ${retryAfterSeconds} seconds.`,
        ko: `이번 시간에 담벼락에 너무 많이 작성했습니다. ${retryAfterSeconds}초 후에 다시 시도하세요.`,
      },
      'rate_limited',
      { retryAfterSeconds },
    );
  }

  static notStaff(): WallException {
    return new WallException(
      WallExceptionCode.NotStaff,
      { en: 'Walls are for public servants.', ko: '담벼락은 공무원만 이용할 수 있습니다.' },
      'forbidden',
    );
  }
}
