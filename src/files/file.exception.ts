import { IeumException } from '../common/ieum.exception.js';

export const FileExceptionCode = {
  NotFound: 'FILE_NOT_FOUND',
  TooLarge: 'FILE_TOO_LARGE',
  BadName: 'FILE_NAME_INVALID',
  NotAttachable: 'FILE_NOT_ATTACHABLE',
  Empty: 'FILE_EMPTY',
} as const;
export type FileExceptionCode = (typeof FileExceptionCode)[keyof typeof FileExceptionCode];

export class FileException extends IeumException<FileExceptionCode> {
  static notFound(): FileException {
    return new FileException(FileExceptionCode.NotFound, { en: 'No such file.', ko: '파일을 찾을 수 없습니다.' }, 404);
  }

  static tooLarge(maxBytes: number): FileException {
    const mb = Math.floor(maxBytes / (1024 * 1024));
    return new FileException(FileExceptionCode.TooLarge, { en: `A file may be at most ${mb} MB.`, ko: `파일은 최대 ${mb}MB까지 올릴 수 있습니다.` }, 413, { maxBytes });
  }

  static badName(): FileException {
    return new FileException(
      FileExceptionCode.BadName,
      { en: 'Give the file a name (?name=...) of at most 255 characters.', ko: '파일 이름(?name=...)을 255자 이내로 지정하세요.' },
      400,
    );
  }

  static empty(): FileException {
    return new FileException(FileExceptionCode.Empty, { en: 'The file is empty.', ko: '빈 파일입니다.' }, 400);
  }

  static notAttachable(): FileException {
    return new FileException(
      FileExceptionCode.NotAttachable,
      { en: 'Only your own files uploaded to this room, not yet attached, can be attached.', ko: '이 방에 직접 올린, 아직 첨부되지 않은 파일만 첨부할 수 있습니다.' },
      400,
    );
  }
}
