import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { DocumentService, type DocumentLinkView } from './document.service.js';
import { LinkDocumentsDto, SaveDocumentDto } from './documents.dto.js';
import { DocumentsException } from './documents.exception.js';
import { ApiErrors, SESSION_ERRORS } from '../common/api-errors.js';
import { DocumentLinkViewSchema, SavedDocumentSchema } from './documents.responses.js';
import { Permission } from '../access/permission.decorator.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('documents')
@ApiBearerAuth()
@Controller('rooms/:id/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentService) {}

  @Permission('room.manage')
  @Post('link')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '문서 폴더(WebDAV) 연결(대화방 관리자, 비밀번호는 암호화 저장) / Link the room to a WebDAV folder (room owners); the password is stored encrypted and never returned',
  })
  @ApiOkResponse({ type: DocumentLinkViewSchema })
  @ApiErrors({
    400: [
      'CONTROL_CHARACTERS',
      'DOCUMENTS_AUTH_FAILED',
      'DOCUMENTS_BAD_ADDRESS',
      'DOCUMENTS_HOST_NOT_ALLOWED',
      'DOCUMENTS_PATH_OUTSIDE',
      'DOCUMENTS_REFUSED',
      'INVALID_JSON',
      'JSON_TOO_DEEP',
      'JSON_TOO_WIDE',
      'VALIDATION_FAILED',
    ],
    401: SESSION_ERRORS,
    403: ['NOT_ROOM_OWNER'],
    404: ['DOCUMENTS_NOT_FOUND', 'ROOM_NOT_FOUND'],
    409: ['ROOM_ARCHIVED'],
    413: ['PAYLOAD_TOO_LARGE'],
    502: ['DOCUMENTS_UNREACHABLE'],
  })
  link(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) roomId: string,
    @Body() body: LinkDocumentsDto,
  ): Promise<DocumentLinkView> {
    return this.documents.link(principal, roomId, body);
  }

  @Permission('room.read')
  @Get('link')
  @ApiOperation({
    summary: "대화방의 문서 폴더 연결 정보(참여자) / The room's folder: address, path, user name and status (members)",
  })
  @ApiOkResponse({ type: DocumentLinkViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    404: ['DOCUMENTS_NOT_LINKED', 'ROOM_NOT_FOUND'],
  })
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuid) roomId: string): Promise<DocumentLinkView> {
    return this.documents.get(principal, roomId);
  }

  @Permission('room.manage')
  @Delete('link')
  @HttpCode(204)
  @ApiOperation({ summary: '문서 폴더 연결 해제(대화방 관리자) / Unlink the folder (room owners)' })
  @ApiNoContentResponse({ description: '내용 없음 / No content' })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['NOT_ROOM_OWNER'],
    404: ['DOCUMENTS_NOT_LINKED', 'ROOM_NOT_FOUND'],
  })
  unlink(@CurrentPrincipal() principal: Principal, @Param('id', uuid) roomId: string): Promise<void> {
    return this.documents.unlink(principal, roomId);
  }

  @Permission('file.write')
  @Post('save')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "대화방 파일을 문서 폴더에 저장(참여한 공무원) / Save a file of the room into the linked folder (a file's menu); members who are public servants",
  })
  @ApiOkResponse({ type: SavedDocumentSchema })
  @ApiErrors({
    400: [
      'CONTROL_CHARACTERS',
      'DOCUMENTS_AUTH_FAILED',
      'DOCUMENTS_BAD_ADDRESS',
      'DOCUMENTS_PATH_OUTSIDE',
      'DOCUMENTS_REFUSED',
      'INVALID_JSON',
      'JSON_TOO_DEEP',
      'JSON_TOO_WIDE',
      'VALIDATION_FAILED',
    ],
    401: SESSION_ERRORS,
    403: ['DOCUMENTS_STAFF_ONLY'],
    404: [
      'DOCUMENTS_FILE_NOT_FOUND',
      'DOCUMENTS_NOT_FOUND',
      'DOCUMENTS_NOT_LINKED',
      'FILE_NOT_FOUND',
      'ROOM_NOT_FOUND',
    ],
    409: ['DOCUMENTS_CONFLICT', 'DOCUMENTS_CREDENTIALS_UNREADABLE', 'ROOM_ARCHIVED'],
    413: ['DOCUMENTS_TOO_LARGE', 'PAYLOAD_TOO_LARGE'],
    502: ['DOCUMENTS_UNREACHABLE'],
  })
  async save(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) roomId: string,
    @Body() body: SaveDocumentDto,
  ): Promise<{ path: string; fileId: string }> {
    const { path, file } = await this.documents.save(principal, roomId, body.fileId, body.mode ?? 'fail');
    return { path, fileId: file.id };
  }

  @Permission('file.read')
  @Get('file')
  @ApiOperation({
    summary:
      '문서 폴더의 문서 내려받기(이음을 거쳐 전송, 참여자) / Download a document of the linked folder, streamed through Ieum (members of the room only)',
  })
  @ApiQuery({
    name: 'path',
    type: String,
    required: true,
    description: 'the document, inside the linked folder (no "..")',
    example: '/회의자료/안건.hwp',
  })
  @ApiOkResponse({
    description: "문서 내용(첨부로 내려받음) / The document's bytes, as an attachment",
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors({
    400: [
      'CONTROL_CHARACTERS',
      'DOCUMENTS_AUTH_FAILED',
      'DOCUMENTS_BAD_ADDRESS',
      'DOCUMENTS_PATH_OUTSIDE',
      'DOCUMENTS_REFUSED',
      'VALIDATION_FAILED',
    ],
    401: SESSION_ERRORS,
    404: ['DOCUMENTS_NOT_FOUND', 'DOCUMENTS_NOT_LINKED', 'ROOM_NOT_FOUND'],
    409: ['DOCUMENTS_CREDENTIALS_UNREADABLE'],
    502: ['DOCUMENTS_UNREACHABLE'],
  })
  async file(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) roomId: string,
    @Query('path') path: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    if (typeof path !== 'string' || path.length === 0) throw DocumentsException.pathOutside();
    const { entry, stream } = await this.documents.download(principal, roomId, path);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    return new StreamableFile(stream, {
      type: 'application/octet-stream',
      ...(entry.size === null ? {} : { length: entry.size }),
      disposition: `attachment; filename="${entry.name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(entry.name)}`,
    });
  }
}
