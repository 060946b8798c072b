import { CommonException, IeumException } from '../common/ieum.exception.js';
import { MAX_MESSAGE_LENGTH } from './messenger.types.js';

export const MessengerExceptionCode = {
  RoomNotFound: 'ROOM_NOT_FOUND',
  RoomArchived: 'ROOM_ARCHIVED',
  MessageNotFound: 'MESSAGE_NOT_FOUND',
  NotRoomOwner: 'NOT_ROOM_OWNER',
  NotMessageAuthor: 'NOT_MESSAGE_AUTHOR',
  RoomKindFixed: 'ROOM_KIND_FIXED',
  InvalidMessage: 'INVALID_MESSAGE',
  MessageTooLong: 'MESSAGE_TOO_LONG',
  ClientIdReused: 'CLIENT_MESSAGE_ID_REUSED',
  UserNotFound: 'ROOM_USER_NOT_FOUND',
  CrossAgency: 'CROSS_AGENCY_NOT_ALLOWED',
  UnknownSocketEvent: 'UNKNOWN_SOCKET_EVENT',
} as const;
export type MessengerExceptionCode = (typeof MessengerExceptionCode)[keyof typeof MessengerExceptionCode];

export class MessengerException extends IeumException<MessengerExceptionCode> {
  /** Also what outsiders get: whether a room exists is itself something only members may know. */
  static roomNotFound(): MessengerException {
    return new MessengerException(
      MessengerExceptionCode.RoomNotFound,
      { en: 'No such room, or you are not in it.', ko: '대화방이 없거나 참여하고 있지 않습니다.' },
      'not_found',
    );
  }

  static unknownSocketEvent(): MessengerException {
    return new MessengerException(
      MessengerExceptionCode.UnknownSocketEvent,
      { en: 'The server has no such socket event.', ko: '서버에 없는 소켓 이벤트입니다.' },
      'not_found',
    );
  }

  static roomArchived(): MessengerException {
    return new MessengerException(
      MessengerExceptionCode.RoomArchived,
      {
        en: 'This room is archived; it can be read but not written to.',
        ko: '보관된 대화방입니다. 읽을 수만 있습니다.',
      },
      'conflict',
    );
  }

  static messageNotFound(): MessengerException {
    return new MessengerException(
      MessengerExceptionCode.MessageNotFound,
      { en: 'No such message.', ko: '메시지를 찾을 수 없습니다.' },
      'not_found',
    );
  }

  static notOwner(): MessengerException {
    return new MessengerException(
      MessengerExceptionCode.NotRoomOwner,
      { en: 'Only the room owners may do this.', ko: '대화방 관리자만 할 수 있습니다.' },
      'forbidden',
    );
  }

  static notAuthor(): MessengerException {
    return new MessengerException(
      MessengerExceptionCode.NotMessageAuthor,
      { en: 'Only its author may change or delete a message.', ko: '작성자만 메시지를 수정하거나 삭제할 수 있습니다.' },
      'forbidden',
    );
  }

  static kindFixed(what: string): MessengerException {
    return new MessengerException(
      MessengerExceptionCode.RoomKindFixed,
      { en: `This kind of room cannot ${what}.`, ko: `이 종류의 대화방에서는 할 수 없는 작업입니다 (${what}).` },
      'conflict',
      { what },
    );
  }

  static invalidMessage(reason: { en: string; ko: string }): MessengerException {
    return new MessengerException(MessengerExceptionCode.InvalidMessage, reason, 'invalid');
  }

  /** The one refusal of control characters, as at every edge (CONTROL_CHARACTERS). */
  static controlCharacters(field?: string): CommonException {
    return CommonException.controlCharacters(field === undefined ? [] : [field]);
  }

  /** The one length limit of a message, whichever edge it came through (lengths by messageLength). */
  static messageTooLong(length: number): MessengerException {
    return new MessengerException(
      MessengerExceptionCode.MessageTooLong,
      {
        en: `A message may have at most ${MAX_MESSAGE_LENGTH} characters; this one has ${length}.`,
        ko: `메시지는 ${MAX_MESSAGE_LENGTH}자까지 보낼 수 있습니다(지금 ${length}자).`,
      },
      'invalid',
      { maxLength: MAX_MESSAGE_LENGTH, length },
    );
  }

  static clientIdReused(): MessengerException {
    return new MessengerException(
      MessengerExceptionCode.ClientIdReused,
      {
        en: 'This client message id was already used for a different message.',
        ko: '이미 다른 메시지에 사용된 클라이언트 메시지 ID입니다.',
      },
      'conflict',
    );
  }

  static userNotFound(): MessengerException {
    return new MessengerException(
      MessengerExceptionCode.UserNotFound,
      { en: 'One of the people named does not exist.', ko: '지정한 사용자 중 존재하지 않는 사용자가 있습니다.' },
      'not_found',
    );
  }

  static crossAgency(): MessengerException {
    return new MessengerException(
      MessengerExceptionCode.CrossAgency,
      {
        en: 'A group room is for one agency; use a collaboration room to work across agencies.',
        ko: '그룹 대화방은 한 기관용입니다. 기관 간 협업은 협업 대화방을 사용하세요.',
      },
      'invalid',
    );
  }
}
