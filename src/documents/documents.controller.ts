import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { DocumentService, type DocumentLinkView } from './document.service.js';
import { LinkDocumentsDto, SaveDocumentDto } from './documents.dto.js';
import { DocumentsException } from './documents.exception.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('documents')
@ApiBearerAuth()
@Controller('rooms/:id/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentService) {}

  @Post('link')
  @HttpCode(200)
  @ApiOperation({ summary: "Link the room to a WebDAV folder (room owners); the password is stored encrypted and never returned" })
  link(@CurrentPrincipal() principal: Principal, @Param('id', uuid) roomId: string, @Body() body: LinkDocumentsDto): Promise<DocumentLinkView> {
    return this.documents.link(principal, roomId, body);
  }

  @Get('link')
  @ApiOperation({ summary: "The room's folder: address, path, user name and status (members)" })
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuid) roomId: string): Promise<DocumentLinkView> {
    return this.documents.get(principal, roomId);
  }

  @Delete('link')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unlink the folder (room owners)' })
  unlink(@CurrentPrincipal() principal: Principal, @Param('id', uuid) roomId: string): Promise<void> {
    return this.documents.unlink(principal, roomId);
  }

  @Post('save')
  @HttpCode(200)
  @ApiOperation({ summary: "Save a file of the room into the linked folder (a file's menu); members" })
  async save(@CurrentPrincipal() principal: Principal, @Param('id', uuid) roomId: string, @Body() body: SaveDocumentDto): Promise<{ path: string; fileId: string }> {
    const { path, file } = await this.documents.save(principal, roomId, body.fileId, body.mode ?? 'fail');
    return { path, fileId: file.id };
  }

  @Get('file')
  @ApiOperation({ summary: 'Download a document of the linked folder, streamed through Ieum (members of the room only)' })
  async file(@CurrentPrincipal() principal: Principal, @Param('id', uuid) roomId: string, @Query('path') path: unknown, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
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
