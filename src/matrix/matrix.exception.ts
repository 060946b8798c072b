import { IeumException } from '../common/ieum.exception.js';

export const MatrixExceptionCode = {
  NotConfigured: 'MATRIX_NOT_CONFIGURED',
  InvalidRoom: 'MATRIX_INVALID_ROOM',
  RoomNotFound: 'MATRIX_ROOM_NOT_FOUND',
  AlreadyLinked: 'MATRIX_ALREADY_LINKED',
  RoomTaken: 'MATRIX_ROOM_TAKEN',
  NotLinked: 'MATRIX_NOT_LINKED',
  Unreachable: 'MATRIX_UNREACHABLE',
  Refused: 'MATRIX_REFUSED',
} as const;
export type MatrixExceptionCode = (typeof MatrixExceptionCode)[keyof typeof MatrixExceptionCode];

export class MatrixException extends IeumException<MatrixExceptionCode> {
  static notConfigured(): MatrixException {
    return new MatrixException(
      MatrixExceptionCode.NotConfigured,
      {
        en: 'The Matrix bridge is not set up here (MATRIX_HOMESERVER_URL).',
        ko: 'Matrix 연결이 설정되어 있지 않습니다(MATRIX_HOMESERVER_URL).',
      },
      'unavailable',
    );
  }

  static invalidRoom(given: string): MatrixException {
    return new MatrixException(
      MatrixExceptionCode.InvalidRoom,
      {
        en: `"${given}" is not a Matrix room alias (#room:server) or room id (!id:server).`,
        ko: `"${given}"은(는) Matrix 방 별칭(#방:서버)이나 방 ID(!id:서버)가 아닙니다.`,
      },
      'invalid',
    );
  }

  static roomNotFound(given: string): MatrixException {
    return new MatrixException(
      MatrixExceptionCode.RoomNotFound,
      { en: `The homeserver knows no room ${given}.`, ko: `홈서버에 ${given} 방이 없습니다.` },
      'not_found',
    );
  }

  static alreadyLinked(matrixRoomId: string): MatrixException {
    return new MatrixException(
      MatrixExceptionCode.AlreadyLinked,
      {
        en: `This room is already linked to ${matrixRoomId}; unlink it first.`,
        ko: `이 방은 이미 ${matrixRoomId}에 연결되어 있습니다. 먼저 연결을 해제하세요.`,
      },
      'conflict',
    );
  }

  static roomTaken(matrixRoomId: string): MatrixException {
    return new MatrixException(
      MatrixExceptionCode.RoomTaken,
      {
        en: `${matrixRoomId} is already linked to another room.`,
        ko: `${matrixRoomId}은(는) 이미 다른 방에 연결되어 있습니다.`,
      },
      'conflict',
    );
  }

  static notLinked(): MatrixException {
    return new MatrixException(
      MatrixExceptionCode.NotLinked,
      { en: 'This room is not linked to Matrix.', ko: '이 방은 Matrix에 연결되어 있지 않습니다.' },
      'not_found',
    );
  }

  static unreachable(detail: string): MatrixException {
    return new MatrixException(
      MatrixExceptionCode.Unreachable,
      {
        en: `The homeserver did not answer; try again later. (${detail})`,
        ko: `홈서버가 응답하지 않습니다. 잠시 후 다시 시도하세요. (${detail})`,
      },
      'upstream_failed',
    );
  }

  static refused(detail: string): MatrixException {
    return new MatrixException(
      MatrixExceptionCode.Refused,
      { en: `The homeserver refused: ${detail}`, ko: `홈서버가 거절했습니다: ${detail}` },
      'upstream_failed',
    );
  }
}
