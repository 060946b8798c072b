import { IeumException } from '../common/ieum.exception.js';

export const FileExceptionCode = {
  NotFound: 'FILE_NOT_FOUND',
  TooLarge: 'FILE_TOO_LARGE',
  BadName: 'FILE_NAME_INVALID',
  NotAttachable: 'FILE_NOT_ATTACHABLE',
  Empty: 'FILE_EMPTY',
  OnePerRequest: 'FILE_ONE_PER_REQUEST',
  MultipartInvalid: 'FILE_MULTIPART_INVALID',
} as const;
export type FileExceptionCode = (typeof FileExceptionCode)[keyof typeof FileExceptionCode];

export class FileException extends IeumException<FileExceptionCode> {
  static notFound(): FileException {
    return new FileException(
      FileExceptionCode.NotFound,
      { en: 'No such file.', ko: '파일을 찾을 수 없습니다.' },
      'not_found',
    );
  }

  static tooLarge(maxBytes: number): FileException {
    const mb = Math.floor(maxBytes / (1024 * 1024));
    return new FileException(
      FileExceptionCode.TooLarge,
      { en: `A file may be at most ${mb} MB.`, ko: `파일은 최대 ${mb}MB까지 올릴 수 있습니다.` },
      'too_large',
      { maxBytes },
    );
  }

  static badName(): FileException {
    return new FileException(
      FileExceptionCode.BadName,
      {
        en: 'Give the file a name of at most 255 characters (the multipart filename, or ?name=...).',
        ko: '파일 이름을 255자 이내로 지정하세요(multipart의 filename 또는 ?name=...).',
      },
      'invalid',
    );
  }

  static empty(): FileException {
    return new FileException(FileExceptionCode.Empty, { en: 'The file is empty.', ko: '빈 파일입니다.' }, 'invalid');
  }

  static onePerRequest(): FileException {
    return new FileException(
      FileExceptionCode.OnePerRequest,
      {
        en: 'Send one file per request; this one had more, and none was kept.',
        ko: '파일은 요청마다 하나씩 올리세요. 여러 개가 들어 있어 아무것도 저장하지 않았습니다.',
      },
      'invalid',
    );
  }

  static multipartInvalid(): FileException {
    return new FileException(
      FileExceptionCode.MultipartInvalid,
      {
        en: 'The multipart/form-data body is broken or holds no file; send the file as a part named file (curl -F file=@name).',
        ko: 'multipart/form-data 본문이 깨졌거나 파일이 없습니다. 파일을 file 항목으로 보내세요(curl -F file=@이름).',
      },
      'invalid',
    );
  }

  static notAttachable(): FileException {
    return new FileException(
      FileExceptionCode.NotAttachable,
      {
        en: 'Only your own files uploaded to this room, not yet attached, can be attached.',
        ko: '이 방에 직접 올린, 아직 첨부되지 않은 파일만 첨부할 수 있습니다.',
      },
      'invalid',
    );
  }
}
