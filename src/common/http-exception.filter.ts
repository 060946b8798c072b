import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { pickLanguage, type ErrorBody } from './error-body.js';
import { CommonExceptionCode, IeumException, type LocalisedText } from './ieum.exception.js';

const STATUS_TEXT: Partial<Record<number, { code: string; text: LocalisedText }>> = {
  400: { code: 'BAD_REQUEST', text: { en: 'The request could not be read.', ko: '요청을 읽을 수 없습니다.' } },
  401: { code: CommonExceptionCode.Unauthenticated, text: { en: 'Please sign in.', ko: '로그인이 필요합니다.' } },
  403: { code: CommonExceptionCode.Forbidden, text: { en: 'You may not do this.', ko: '권한이 없습니다.' } },
  404: { code: CommonExceptionCode.RouteNotFound, text: { en: 'No such page or API route.', ko: '요청한 주소를 찾을 수 없습니다.' } },
  413: { code: CommonExceptionCode.PayloadTooLarge, text: { en: 'The request is too large.', ko: '요청이 너무 큽니다.' } },
};

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
    if (request.id !== undefined) body.requestId = String(request.id);
    const retryAfter = exception instanceof IeumException ? exception.details?.['retryAfterSeconds'] : undefined;
    if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    response.status(body.statusCode).json(body);
  }

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof IeumException) {
      const coded = exception as IeumException<string>;
      return {
        statusCode: coded.status,
        code: coded.code,
        message: coded.text.en,
        messages: coded.text,
        ...(coded.details === undefined ? {} : { details: coded.details }),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const known = STATUS_TEXT[status] ?? {
        code: `HTTP_${status}`,
        text: { en: exception.message, ko: exception.message },
      };
      return { statusCode: status, code: known.code, message: known.text.en, messages: known.text };
    }
    this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      code: CommonExceptionCode.Internal,
      message: 'Something went wrong on our side.',
      messages: { en: 'Something went wrong on our side.', ko: '서버에서 오류가 발생했습니다.' },
    };
  }
}
