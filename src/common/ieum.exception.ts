export interface LocalisedText {
  en: string;
  ko: string;
}

/**
 * Base of every coded domain exception. Filters map it to an HTTP status, a socket error or a
 * bot reply; the code is stable for clients, the text comes in Korean and English.
 */
export class IeumException<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    readonly text: LocalisedText,
    readonly status: number,
    readonly details?: Record<string, unknown>,
  ) {
    super(text.en);
    this.name = new.target.name;
  }
}

export const CommonExceptionCode = {
  ValidationFailed: 'VALIDATION_FAILED',
  NotFound: 'NOT_FOUND',
  RouteNotFound: 'ROUTE_NOT_FOUND',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  Internal: 'INTERNAL_ERROR',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
} as const;
export type CommonExceptionCode = (typeof CommonExceptionCode)[keyof typeof CommonExceptionCode];

export class CommonException extends IeumException<CommonExceptionCode> {}

export interface FieldProblem {
  field: string;
  problems: string[];
}

export function validationFailed(fields: FieldProblem[]): CommonException {
  return new CommonException(
    CommonExceptionCode.ValidationFailed,
    { en: 'The request is not valid.', ko: '요청 내용이 올바르지 않습니다.' },
    400,
    { fields },
  );
}
