import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiSchema,
  getSchemaPath,
} from '@nestjs/swagger';
import type { ErrorBody } from './error-body.js';
import { LocalisedTextSchema } from './common.responses.js';
import type { LocalisedText } from './ieum.exception.js';

/** The one error shape, for the API document (the type itself is the ErrorBody interface). */
@ApiSchema({ name: 'ErrorBody', description: '모든 오류 응답의 형식 / The body of every error answer' })
export class ErrorBodySchema implements ErrorBody {
  @ApiProperty({ example: 404, description: 'the HTTP status again' })
  statusCode: number;

  @ApiProperty({
    example: 'ROOM_NOT_FOUND',
    description: 'stable code for clients; the operation lists the codes it may answer',
  })
  code: string;

  @ApiProperty({
    example: '대화방이 없거나 참여하고 있지 않습니다.',
    description: 'the text in the language of Accept-Language (Korean unless it asks for English)',
  })
  message: string;

  @ApiProperty({ type: () => LocalisedTextSchema, description: 'the text in Korean and English' })
  messages: LocalisedText;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'what the code needs, e.g. { maxLength, length } or, for VALIDATION_FAILED, fields: [{ field, problems, messages: [{ ko, en }] }]',
  })
  details?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'the id of this request in the server logs' })
  requestId?: string;
}

/** What the sign-in check (AuthGuard) answers on every route that needs a session: no or a bad token, a session ended. */
export const SESSION_ERRORS = [
  'ACCOUNT_DISABLED',
  'INVALID_TOKEN',
  'REFRESH_TOKEN_REUSED',
  'ROLES_CHANGED',
  'SIGNED_OUT',
] as const;

const STATUS_TEXT: Record<number, string> = {
  400: '요청이 올바르지 않습니다 / The request is not valid',
  401: '로그인이 필요하거나 인증이 거부되었습니다 / Not signed in, or the credentials were refused',
  403: '권한이 없습니다 / Not allowed',
  404: '찾을 수 없습니다 / Not found',
  409: '지금 상태로는 할 수 없습니다 / Conflicts with the current state',
  410: '만료되었습니다 / Expired',
  413: '요청이 너무 큽니다 / Too large',
  415: '지원하지 않는 형식입니다 / Unsupported media type',
  422: '처리할 수 없는 값입니다 / Well-formed but cannot be used',
  429: '요청이 너무 많습니다(Retry-After) / Too many requests (Retry-After)',
  502: '연결된 서버가 응답하지 않습니다 / An upstream server did not answer',
  503: '지금은 할 수 없습니다 / Unavailable',
};

/**
 * The errors an operation may answer, by status, each with the codes it may carry, all in the
 * one coded body: `@ApiErrors({ 404: ['ROOM_NOT_FOUND'], 409: ['ROOM_ARCHIVED'] })`.
 */
export function ApiErrors(errors: Partial<Record<number, readonly string[]>>): MethodDecorator & ClassDecorator {
  // Errors are JSON also where the success is a file (an explicit content, not @ApiProduces').
  const content = { 'application/json': { schema: { $ref: getSchemaPath(ErrorBodySchema) } } };
  return applyDecorators(
    ApiExtraModels(ErrorBodySchema),
    ...Object.entries(errors).map(([status, codes]) =>
      ApiResponse({
        status: Number(status),
        content,
        description: `${STATUS_TEXT[Number(status)] ?? 'Error'}: ${(codes ?? []).join(', ')}`,
      }),
    ),
  );
}
