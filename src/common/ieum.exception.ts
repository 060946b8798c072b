import { fieldLabel, josa } from './field-labels.js';

export interface LocalisedText {
  en: string;
  ko: string;
}

/**
 * What kind of failure an exception is, in the domain's words: no transport's. The HTTP filter
 * maps each kind to a status (HTTP_STATUS_OF_KIND in http-exception.filter.ts).
 * - `invalid`: the request itself is wrong (a bad value, a malformed command).
 * - `unauthenticated`: no, or no longer a, signed-in caller. `forbidden`: signed in, not allowed.
 * - `not_found`: no such thing, or not one the caller may learn of.
 * - `conflict`: not in the thing's current state. `gone`: it was there, it has expired or ended.
 * - `too_large`, `unsupported_media`: the body's size or kind. `unprocessable`: well-formed, unusable.
 * - `dependency_failed`: a service the request needed failed, told to the caller as an answer.
 * - `rate_limited`: too many, too soon (details may carry `retryAfterSeconds`).
 * - `internal`: broke on our side. `upstream_failed`: a service we call failed or refused.
 *   `unavailable`: not possible here now (not configured, not reachable).
 */
export const ERROR_KINDS = [
  'invalid',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'gone',
  'too_large',
  'unsupported_media',
  'unprocessable',
  'dependency_failed',
  'rate_limited',
  'internal',
  'upstream_failed',
  'unavailable',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Kinds where something broke (here or in a service we call) rather than the request being refused. */
export const BREAKAGE_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'internal',
  'upstream_failed',
  'unavailable',
]);

/**
 * Base of every coded domain exception. Filters map it to an HTTP status, a socket error or a
 * bot reply; the code is stable for clients, the text comes in Korean and English.
 */
export class IeumException<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    readonly text: LocalisedText,
    readonly kind: ErrorKind,
    readonly details?: Record<string, unknown>,
  ) {
    super(text.en);
    this.name = new.target.name;
  }
}

/**
 * A coded refusal, to answer as it is (its code and text): not a breakage, which a job retries and
 * a command answers with "a problem on our side".
 */
export function isRefusal(error: unknown): error is IeumException {
  return error instanceof IeumException && !BREAKAGE_KINDS.has(error.kind);
}

export const CommonExceptionCode = {
  ValidationFailed: 'VALIDATION_FAILED',
  ControlCharacters: 'CONTROL_CHARACTERS',
  InvalidJson: 'INVALID_JSON',
  JsonTooDeep: 'JSON_TOO_DEEP',
  JsonTooWide: 'JSON_TOO_WIDE',
  UnsupportedEncoding: 'UNSUPPORTED_ENCODING',
  HeadersTooLarge: 'HEADERS_TOO_LARGE',
  BadRequest: 'BAD_REQUEST',
  NotFound: 'NOT_FOUND',
  RouteNotFound: 'ROUTE_NOT_FOUND',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  Internal: 'INTERNAL_ERROR',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
} as const;
export type CommonExceptionCode = (typeof CommonExceptionCode)[keyof typeof CommonExceptionCode];

export class CommonException extends IeumException<CommonExceptionCode> {
  /** `fields` are the paths that held them (`title`, `records.2.name`), where known. */
  static controlCharacters(fields: string[]): CommonException {
    return new CommonException(
      CommonExceptionCode.ControlCharacters,
      {
        en: 'The text contains control characters (such as NUL); remove them and try again.',
        ko: '제어 문자(NUL 등)가 들어 있습니다. 지우고 다시 시도하세요.',
      },
      'invalid',
      {
        fields: fields.map((field) => ({
          field,
          problems: ['contains control characters'],
          messages: [{ en: 'contains control characters', ko: '제어 문자가 들어 있습니다' }],
        })),
      },
    );
  }

  static invalidJson(position?: number): CommonException {
    return new CommonException(
      CommonExceptionCode.InvalidJson,
      { en: 'The body is not valid JSON.', ko: '요청 본문이 올바른 JSON이 아닙니다.' },
      'invalid',
      position === undefined ? undefined : { position },
    );
  }

  static jsonTooDeep(maxDepth: number): CommonException {
    return new CommonException(
      CommonExceptionCode.JsonTooDeep,
      {
        en: `The JSON body nests deeper than ${maxDepth} levels.`,
        ko: `요청 본문(JSON)이 ${maxDepth}단계보다 깊게 중첩되어 있습니다.`,
      },
      'invalid',
      { maxDepth },
    );
  }

  static jsonTooWide(maxItems: number, kind: 'object' | 'array'): CommonException {
    const en =
      kind === 'object'
        ? `An object in the JSON body has more than ${maxItems} keys.`
        : `An array in the JSON body has more than ${maxItems} items.`;
    const ko =
      kind === 'object'
        ? `요청 본문(JSON)의 한 객체에 항목이 ${maxItems}개보다 많습니다.`
        : `요청 본문(JSON)의 한 배열에 값이 ${maxItems}개보다 많습니다.`;
    return new CommonException(CommonExceptionCode.JsonTooWide, { en, ko }, 'invalid', { kind, maxItems });
  }

  static payloadTooLarge(limitBytes?: number): CommonException {
    return new CommonException(
      CommonExceptionCode.PayloadTooLarge,
      { en: 'The request is too large.', ko: '요청이 너무 큽니다.' },
      'too_large',
      limitBytes === undefined ? undefined : { limitBytes },
    );
  }

  static unsupportedEncoding(): CommonException {
    return new CommonException(
      CommonExceptionCode.UnsupportedEncoding,
      {
        en: 'The body must be JSON in UTF-8, without an unknown content encoding.',
        ko: '요청 본문은 UTF-8 JSON이어야 하며 알 수 없는 압축 방식은 받지 않습니다.',
      },
      'unsupported_media',
    );
  }
}

/**
 * One field's problems: `problems` in one language (English where the exception is made; the
 * HTTP filter answers in the asked language), `messages` the same problems in both, in order.
 */
export interface FieldProblem {
  field: string;
  problems: string[];
  messages: LocalisedText[];
}

/**
 * A problem as a caller writes it: `{ en, ko }`, or English alone, for which the Korean says the
 * field is not valid.
 */
export interface FieldProblemInput {
  field: string;
  problems: Array<string | LocalisedText>;
}

function localise(field: string, problem: string | LocalisedText): LocalisedText {
  if (typeof problem !== 'string') return problem;
  return { en: problem, ko: `${josa(fieldLabel(field), '이/가')} 올바르지 않습니다.` };
}

export function validationFailed(fields: FieldProblemInput[]): CommonException {
  const shaped: FieldProblem[] = fields.map(({ field, problems }) => {
    const messages = problems.map((p) => localise(field, p));
    return { field, problems: messages.map((m) => m.en), messages };
  });
  const first = shaped[0]?.messages[0];
  const more = shaped.reduce((n, f) => n + f.messages.length, 0) - 1;
  const text: LocalisedText = first
    ? {
        en: `The request is not valid: ${first.en}${more > 0 ? ` (and ${more} more)` : ''}`,
        ko: `요청 내용이 올바르지 않습니다: ${first.ko}${more > 0 ? ` 외 ${more}건` : ''}`,
      }
    : { en: 'The request is not valid.', ko: '요청 내용이 올바르지 않습니다.' };
  return new CommonException(CommonExceptionCode.ValidationFailed, text, 'invalid', { fields: shaped });
}
