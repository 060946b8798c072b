import { Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { FileService, type FileView } from './file.service.js';

@ApiTags('files')
@ApiBearerAuth()
@Controller()
export class FilesController {
  constructor(private readonly files: FileService) {}

  @Post('rooms/:roomId/files')
  @ApiOperation({ summary: 'Upload a file into a room as the raw request body (?name=...); attach it by id when sending a message' })
  upload(
    @CurrentPrincipal() principal: Principal,
    @Param('roomId', new ParseUUIDPipe()) roomId: string,
    @Query('name') name: unknown,
    @Headers('content-length') length: string | undefined,
    @Req() request: Request,
  ): Promise<FileView> {
    const declared = length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
    return this.files.upload(principal, roomId, name, request, declared);
  }

  @Post('files')
  @ApiOperation({ summary: 'Upload a file for a memo, an opinion or a wall post (raw body, ?name=...); only you can read it until you attach it by id' })
  uploadLoose(@CurrentPrincipal() principal: Principal, @Query('name') name: unknown, @Headers('content-length') length: string | undefined, @Req() request: Request): Promise<FileView> {
    const declared = length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
    return this.files.uploadLoose(principal, name, request, declared);
  }

  @Get('files/:fileId')
  @ApiOperation({ summary: "A file's metadata (members of its room only)" })
  metadata(@CurrentPrincipal() principal: Principal, @Param('fileId', new ParseUUIDPipe()) fileId: string): Promise<FileView> {
    return this.files.metadata(principal, fileId);
  }

  @Get('files/:fileId/content')
  @ApiOperation({ summary: 'Download a file (members of its room only), streamed with its sniffed type' })
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

function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]|["\\]/g, '_');
}
