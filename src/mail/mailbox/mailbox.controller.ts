import { Controller, Get, Param, ParseIntPipe, ParseUUIDPipe, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { CurrentPrincipal } from '../../identity/auth.decorators.js';
import type { Principal } from '../../identity/identity.types.js';
import { MailboxService, type MailboxMailView, type MailboxPage } from './mailbox.service.js';

export class MailboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'part of the recipient or the subject' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

const uuid = new ParseUUIDPipe();

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin-api/mailbox')
export class MailboxController {
  constructor(private readonly mailbox: MailboxService) {}

  @Get()
  @ApiOperation({ summary: 'Mail Ieum kept instead of (or besides) sending it, newest first (system administrators)' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: MailboxQueryDto): Promise<MailboxPage> {
    return this.mailbox.list(principal, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One kept mail: headers, the text part, and its attachments (system administrators)' })
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<MailboxMailView> {
    return this.mailbox.get(principal, id);
  }

  @Get(':id/html')
  @ApiOperation({ summary: 'The HTML part of a kept mail, as a download (system administrators)' })
  async html(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const { name, content } = await this.mailbox.html(principal, id);
    return file(response, name, 'text/html; charset=utf-8', content);
  }

  @Get(':id/attachments/:ordinal')
  @ApiOperation({ summary: 'An attachment of a kept mail (the .ics of an invitation among them), as a download (system administrators)' })
  async attachment(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Param('ordinal', new ParseIntPipe()) ordinal: number,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { name, contentType, content } = await this.mailbox.attachment(principal, id, ordinal);
    return file(response, name, contentType, content);
  }
}

/** A download that a browser never renders in the page's origin. */
function file(response: Response, name: string, type: string, content: Buffer): StreamableFile {
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  return new StreamableFile(content, {
    type,
    length: content.length,
    disposition: `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  });
}
