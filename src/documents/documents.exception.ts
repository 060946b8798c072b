import { IeumException } from '../common/ieum.exception.js';
import type { DocumentStoreFailure } from '../bus/capabilities/document-store.js';

export const DocumentsExceptionCode = {
  NotLinked: 'DOCUMENTS_NOT_LINKED',
  AuthFailed: 'DOCUMENTS_AUTH_FAILED',
  Unreachable: 'DOCUMENTS_UNREACHABLE',
  NotFound: 'DOCUMENTS_NOT_FOUND',
  Conflict: 'DOCUMENTS_CONFLICT',
  TooLarge: 'DOCUMENTS_TOO_LARGE',
  Refused: 'DOCUMENTS_REFUSED',
  PathOutside: 'DOCUMENTS_PATH_OUTSIDE',
  BadAddress: 'DOCUMENTS_BAD_ADDRESS',
  HostNotAllowed: 'DOCUMENTS_HOST_NOT_ALLOWED',
  FileNotFound: 'DOCUMENTS_FILE_NOT_FOUND',
  NoWords: 'DOCUMENTS_NO_WORDS',
  CredentialsUnreadable: 'DOCUMENTS_CREDENTIALS_UNREADABLE',
  StaffOnly: 'DOCUMENTS_STAFF_ONLY',
} as const;
export type DocumentsExceptionCode = (typeof DocumentsExceptionCode)[keyof typeof DocumentsExceptionCode];

export class DocumentsException extends IeumException<DocumentsExceptionCode> {
  static notLinked(): DocumentsException {
    return new DocumentsException(
      DocumentsExceptionCode.NotLinked,
      {
        en: 'This room is not linked to a document folder. A room owner links one first.',
        ko: '이 방에 연결된 문서 폴더가 없습니다. 방 소유자가 먼저 연결해야 합니다.',
      },
      'not_found',
    );
  }

  static authFailed(): DocumentsException {
    return new DocumentsException(
      DocumentsExceptionCode.AuthFailed,
      {
        en: 'The document server refused the user name or password. A room owner links the folder again with the right ones.',
        ko: '문서 서버가 사용자 이름이나 비밀번호를 거부했습니다. 방 소유자가 올바른 정보로 폴더를 다시 연결해야 합니다.',
      },
      'invalid',
    );
  }

  static unreachable(): DocumentsException {
    return new DocumentsException(
      DocumentsExceptionCode.Unreachable,
      {
        en: 'The document server does not answer. Try again later.',
        ko: '문서 서버가 응답하지 않습니다. 잠시 후 다시 시도하세요.',
      },
      'upstream_failed',
    );
  }

  static notFound(path: string): DocumentsException {
    return new DocumentsException(
      DocumentsExceptionCode.NotFound,
      { en: `Nothing at ${path} in the linked folder.`, ko: `연결된 폴더에 ${path} 이(가) 없습니다.` },
      'not_found',
      { path },
    );
  }

  static conflict(name: string): DocumentsException {
    return new DocumentsException(
      DocumentsExceptionCode.Conflict,
      {
        en: `The folder already has ${name}. Add "overwrite" to replace it, or "rename" to save it under a new name.`,
        ko: `폴더에 이미 ${name} 이(가) 있습니다. 바꾸려면 "덮어쓰기", 새 이름으로 저장하려면 "새이름"을 붙이세요.`,
      },
      'conflict',
      { name },
    );
  }

  static tooLarge(): DocumentsException {
    return new DocumentsException(
      DocumentsExceptionCode.TooLarge,
      { en: 'The document server has no room for this file.', ko: '문서 서버에 이 파일을 저장할 공간이 없습니다.' },
      'too_large',
    );
  }

  static refused(): DocumentsException {
    return new DocumentsException(
      DocumentsExceptionCode.Refused,
      { en: 'The document server refused this.', ko: '문서 서버가 요청을 거부했습니다.' },
      'invalid',
    );
  }

  static pathOutside(): DocumentsException {
    return new DocumentsException(
      DocumentsExceptionCode.PathOutside,
      {
        en: 'The path must stay inside the linked folder (no "..", no control characters).',
        ko: '경로는 연결된 폴더 안이어야 합니다("..", 제어 문자 불가).',
      },
      'invalid',
    );
  }

  static badAddress(reason: string): DocumentsException {
    return new DocumentsException(
      DocumentsExceptionCode.BadAddress,
      { en: `The WebDAV address cannot be used: ${reason}.`, ko: `WebDAV 주소를 사용할 수 없습니다: ${reason}.` },
      'invalid',
    );
  }

  static hostNotAllowed(host: string): DocumentsException {
    return new DocumentsException(
      DocumentsExceptionCode.HostNotAllowed,
      { en: `Folders on ${host} may not be linked here.`, ko: `${host} 의 폴더는 연결할 수 없습니다.` },
      'invalid',
      { host },
    );
  }

  static fileNotFound(): DocumentsException {
    return new DocumentsException(
      DocumentsExceptionCode.FileNotFound,
      { en: 'No such file in this room.', ko: '이 방에 해당 파일이 없습니다.' },
      'not_found',
    );
  }

  static staffOnly(): DocumentsException {
    return new DocumentsException(
      DocumentsExceptionCode.StaffOnly,
      {
        en: "Only public servants may save files into the room's document folder.",
        ko: '방의 문서 폴더에는 공무원만 파일을 저장할 수 있습니다.',
      },
      'forbidden',
    );
  }

  static noWords(): DocumentsException {
    return new DocumentsException(
      DocumentsExceptionCode.NoWords,
      { en: 'Give words to look for in document names.', ko: '문서 이름에서 찾을 단어를 입력하세요.' },
      'invalid',
    );
  }

  /** The stored password no longer opens: DOCUMENTS_KEY (or JWT_SECRET, when it is unset) changed. */
  static credentialsUnreadable(): DocumentsException {
    return new DocumentsException(
      DocumentsExceptionCode.CredentialsUnreadable,
      {
        en: "The folder's stored password cannot be read any more (the server's key changed). A room owner links the folder again.",
        ko: '저장된 폴더 비밀번호를 더 이상 읽을 수 없습니다(서버 키 변경). 방 소유자가 폴더를 다시 연결해야 합니다.',
      },
      'conflict',
    );
  }

  /** The domain's error for a connector's failure. */
  static fromStore(failure: DocumentStoreFailure, path: string): DocumentsException {
    switch (failure) {
      case 'auth':
        return DocumentsException.authFailed();
      case 'unreachable':
        return DocumentsException.unreachable();
      case 'not-found':
        return DocumentsException.notFound(path);
      case 'conflict':
        return DocumentsException.conflict(path.split('/').pop() ?? path);
      case 'too-large':
        return DocumentsException.tooLarge();
      case 'refused':
        return DocumentsException.refused();
    }
  }
}
