import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { pickLanguage, type ErrorBody } from './error-body.js';
import {
  CommonException,
  CommonExceptionCode,
  IeumException,
  validationFailed,
  type ErrorKind,
  type FieldProblem,
  type LocalisedText,
} from './ieum.exception.js';

/** The HTTP status of each kind of coded exception: the one place the domain's kinds meet HTTP. */
export const HTTP_STATUS_OF_KIND: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
  dependency_failed: 424,
  rate_limited: 429,
  internal: 500,
  upstream_failed: 502,
  unavailable: 503,
};

const STATUS_TEXT: Partial<Record<number, { code: string; text: LocalisedText }>> = {
  400: {
    code: CommonExceptionCode.BadRequest,
    text: { en: 'The request is not valid.', ko: '요청이 올바르지 않습니다.' },
  },
  401: { code: CommonExceptionCode.Unauthenticated, text: { en: 'Please sign in.', ko: '로그인이 필요합니다.' } },
  403: { code: CommonExceptionCode.Forbidden, text: { en: 'You may not do this.', ko: '권한이 없습니다.' } },
  404: {
    code: CommonExceptionCode.RouteNotFound,
    text: { en: 'No such page or API route.', ko: '요청한 주소를 찾을 수 없습니다.' },
  },
  405: {
    code: 'METHOD_NOT_ALLOWED',
    text: { en: 'This method is not allowed here.', ko: '이 주소에서는 허용되지 않는 요청 방식입니다.' },
  },
  408: {
    code: 'REQUEST_TIMEOUT',
    text: { en: 'The request took too long to arrive.', ko: '요청이 제시간에 도착하지 않았습니다.' },
  },
  413: {
    code: CommonExceptionCode.PayloadTooLarge,
    text: { en: 'The request is too large.', ko: '요청이 너무 큽니다.' },
  },
  415: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    text: { en: 'This kind of body is not accepted here.', ko: '이 형식의 요청 본문은 받지 않습니다.' },
  },
  429: {
    code: 'TOO_MANY_REQUESTS',
    text: { en: 'Too many requests; try again later.', ko: '요청이 너무 많습니다. 잠시 후 다시 시도하세요.' },
  },
  431: {
    code: CommonExceptionCode.HeadersTooLarge,
    text: { en: 'The address or headers of the request are too long.', ko: '요청 주소나 헤더가 너무 깁니다.' },
  },
};

interface BodyParserError {
  type?: string;
  limit?: number;
}

/** What Nest's built-in pipes (ParseUUIDPipe, ParseIntPipe) say of a parameter they refuse. */
const PIPE_REFUSAL = /^Validation failed \((uuid|numeric string|boolean string|enum string) is expected\)$/;
const PIPE_EXPECTED: Record<string, string> = {
  uuid: '주소의 ID가 올바르지 않습니다.',
  'numeric string': '주소의 값은 숫자여야 합니다.',
  'boolean string': '주소의 값은 true 또는 false여야 합니다.',
  'enum string': '주소의 값은 정해진 값 중 하나여야 합니다.',
};

/**
 * The coded exception behind an HTTP error that Nest made from someone else's: body-parser's
 * (JSON syntax, size, encoding, or our depth check run from its verify hook), Express's, and the
 * parameter pipes' (a route's id that is not a UUID).
 */
function codedCause(exception: HttpException): IeumException | undefined {
  const refused = exception.getStatus() === 400 ? PIPE_REFUSAL.exec(exception.message) : null;
  if (refused?.[1]) {
    const expected = refused[1];
    return validationFailed([
      {
        field: '(parameter)',
        problems: [{ en: `${expected} is expected`, ko: PIPE_EXPECTED[expected] ?? '주소의 값이 올바르지 않습니다.' }],
      },
    ]);
  }
  const cause = exception.cause;
  if (cause instanceof IeumException) return cause;
  if (!cause || typeof cause !== 'object') return undefined;
  const { type, limit } = cause as BodyParserError;
  switch (type) {
    case 'entity.parse.failed':
      return CommonException.invalidJson();
    case 'entity.too.large':
      return CommonException.payloadTooLarge(typeof limit === 'number' ? limit : undefined);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return CommonException.unsupportedEncoding();
    default:
      return undefined;
  }
}

function statusText(status: number): { code: string; text: LocalisedText } {
  return (
    STATUS_TEXT[status] ?? {
      code: `HTTP_${status}`,
      text: {
        en: `The request could not be handled (HTTP ${status}).`,
        ko: `요청을 처리할 수 없습니다 (HTTP ${status}).`,
      },
    }
  );
}

/** Field problems in the asked language; `messages` keeps both. */
function localiseFields(
  details: Record<string, unknown> | undefined,
  language: keyof LocalisedText,
): Record<string, unknown> | undefined {
  const fields = details?.['fields'];
  if (!Array.isArray(fields)) return details;
  return {
    ...details,
    fields: (fields as FieldProblem[]).map((f) =>
      Array.isArray(f.messages) ? { ...f, problems: f.messages.map((m) => m[language]) } : f,
    ),
  };
}

/** Maps coded exceptions, Nest's own HTTP errors and anything unexpected to ErrorBody. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const language = pickLanguage(request.headers['accept-language']);
    const body = this.toBody(exception);
    body.message = body.messages[language];
    const details = localiseFields(body.details, language);
    if (details) body.details = details;
    if (request.id !== undefined) body.requestId = String(request.id);
    const retryAfter = exception instanceof IeumException ? exception.details?.['retryAfterSeconds'] : undefined;
    if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    response.status(body.statusCode).json(body);
  }

  toBody(exception: unknown): ErrorBody {
    const coded: unknown = exception instanceof HttpException ? (codedCause(exception) ?? exception) : exception;
    if (coded instanceof IeumException) {
      const { kind, code, text, details } = coded as IeumException<string>;
      return {
        statusCode: HTTP_STATUS_OF_KIND[kind],
        code,
        message: text.en,
        messages: text,
        ...(details === undefined ? {} : { details }),
      };
    }
    if (coded instanceof HttpException) {
      const status = coded.getStatus();
      const known = statusText(status);
      return { statusCode: status, code: known.code, message: known.text.en, messages: known.text };
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      code: CommonExceptionCode.Internal,
      message: 'Something went wrong on our side.',
      messages: { en: 'Something went wrong on our side.', ko: '서버에서 오류가 발생했습니다.' },
    };
  }
}

/** The coded body for a status the HTTP parser refuses before any route sees the request. */
export function statusBody(status: number): ErrorBody {
  const known = statusText(status);
  return { statusCode: status, code: known.code, message: known.text.ko, messages: known.text };
}
