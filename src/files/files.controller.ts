import { Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { ApiErrors, SESSION_ERRORS } from '../common/api-errors.js';
import { FileService, type FileView } from './file.service.js';
import { FileViewSchema } from './files.responses.js';
import { rawFile, type IncomingFile } from './incoming-file.js';
import { isMultipart, multipartFile } from './multipart-file.js';
import { Permission } from '../access/permission.decorator.js';

/** The two ways to send a file: a form with one file part (curl -F file=@자료.txt), or the bytes as the body with ?name=. */
const UPLOAD_BODY = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object' as const,
        required: ['file'],
        properties: {
          file: {
            type: 'string' as const,
            format: 'binary',
            description:
              "one file; its name is the part's filename (UTF-8, or filename*=UTF-8''…) unless ?name= is given",
          },
        },
      },
    },
    'application/octet-stream': {
      schema: {
        type: 'string' as const,
        format: 'binary',
        description: 'the file itself (any Content-Type but multipart/form-data), named by ?name=',
      },
    },
  },
};
const UPLOAD_ERRORS = [
  'CONTROL_CHARACTERS',
  'FILE_EMPTY',
  'FILE_MULTIPART_INVALID',
  'FILE_NAME_INVALID',
  'FILE_ONE_PER_REQUEST',
  'VALIDATION_FAILED',
];

@ApiTags('files')
@ApiBearerAuth()
@Controller()
export class FilesController {
  constructor(private readonly files: FileService) {}

  @ApiOperation({
    summary:
      '대화방에 파일 올리기(multipart 또는 원본 본문) / Upload a file into a room, as multipart/form-data (field file) or the raw body with ?name=; attach it by id when sending a message',
    requestBody: UPLOAD_BODY,
  })
  @ApiCreatedResponse({ type: FileViewSchema })
  @ApiErrors({
    400: UPLOAD_ERRORS,
    401: SESSION_ERRORS,
    404: ['ROOM_NOT_FOUND'],
    409: ['ROOM_ARCHIVED'],
    413: ['FILE_TOO_LARGE'],
  })
  @Permission('file.write')
  @Post('rooms/:roomId/files')
  upload(
    @CurrentPrincipal() principal: Principal,
    @Param('roomId', new ParseUUIDPipe()) roomId: string,
    @Query('name') name: unknown,
    @Headers('content-length') length: string | undefined,
    @Req() request: Request,
  ): Promise<FileView> {
    return incoming(request, name, length).then((file) => this.files.upload(principal, roomId, file));
  }

  @ApiOperation({
    summary:
      '메모·의견·담벼락용 파일 올리기 / Upload a file for a memo, an opinion or a wall post (multipart/form-data or raw body with ?name=); only you can read it until you attach it',
    requestBody: UPLOAD_BODY,
  })
  @ApiCreatedResponse({ type: FileViewSchema })
  @ApiErrors({ 400: UPLOAD_ERRORS, 401: SESSION_ERRORS, 404: ['FILE_NOT_FOUND'], 413: ['FILE_TOO_LARGE'] })
  @Permission('file.write')
  @Post('files')
  uploadLoose(
    @CurrentPrincipal() principal: Principal,
    @Query('name') name: unknown,
    @Headers('content-length') length: string | undefined,
    @Req() request: Request,
  ): Promise<FileView> {
    return incoming(request, name, length).then((file) => this.files.uploadLoose(principal, file));
  }

  @ApiOperation({ summary: "파일 정보 / A file's metadata (members of its room only)" })
  @ApiOkResponse({ type: FileViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    404: ['FILE_NOT_FOUND', 'ROOM_NOT_FOUND'],
  })
  @Permission('file.read')
  @Get('files/:fileId')
  metadata(
    @CurrentPrincipal() principal: Principal,
    @Param('fileId', new ParseUUIDPipe()) fileId: string,
  ): Promise<FileView> {
    return this.files.metadata(principal, fileId);
  }

  @ApiOperation({
    summary: '파일 내려받기 / Download a file (members of its room only), streamed with its sniffed type',
  })
  @ApiOkResponse({
    description: "파일 내용 / The file's bytes, with its sniffed type",
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    404: ['FILE_NOT_FOUND', 'ROOM_NOT_FOUND'],
  })
  @Permission('file.read')
  @Get('files/:fileId/content')
  async download(
    @CurrentPrincipal() principal: Principal,
    @Param('fileId', new ParseUUIDPipe()) fileId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { file, stream } = await this.files.open(principal, fileId);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    return new StreamableFile(stream, {
      type: file.contentType,
      length: file.size,
      disposition: `attachment; filename="${asciiName(file.name)}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    });
  }
}

function incoming(request: Request, name: unknown, length: string | undefined): Promise<IncomingFile> {
  const declared = length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
  return isMultipart(request)
    ? multipartFile(request, name, declared)
    : Promise.resolve(rawFile(request, name, declared));
}

function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]|["\\]/g, '_');
}
