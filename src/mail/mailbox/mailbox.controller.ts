import { Controller, Get, Param, ParseIntPipe, ParseUUIDPipe, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { CurrentPrincipal } from '../../identity/auth.decorators.js';
import type { Principal } from '../../identity/identity.types.js';
import { MailboxService, type MailboxMailView, type MailboxPage } from './mailbox.service.js';
import { ApiErrors, SESSION_ERRORS } from '../../common/api-errors.js';
import { MailboxMailViewSchema, MailboxPageSchema } from '../mail.responses.js';
import { Permission } from '../../access/permission.decorator.js';

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

  @ApiOperation({
    summary: '보관 메일 목록 / Mail Ieum kept instead of (or besides) sending it, newest first (system administrators)',
  })
  @ApiOkResponse({ type: MailboxPageSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'MAILBOX_BAD_CURSOR', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['MAILBOX_ADMINS_ONLY'],
  })
  @Permission('system-admin')
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: MailboxQueryDto): Promise<MailboxPage> {
    return this.mailbox.list(principal, query);
  }

  @ApiOperation({
    summary: '보관 메일 하나 / One kept mail: headers, the text part and its attachments (system administrators)',
  })
  @ApiOkResponse({ type: MailboxMailViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['MAILBOX_ADMINS_ONLY'],
    404: ['MAILBOX_MAIL_NOT_FOUND'],
  })
  @Permission('system-admin')
  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<MailboxMailView> {
    return this.mailbox.get(principal, id);
  }

  @ApiOperation({
    summary: '보관 메일 HTML 내려받기 / The HTML part of a kept mail, as a download (system administrators)',
  })
  @ApiOkResponse({
    description: '메일의 HTML 부분 / The HTML part',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['MAILBOX_ADMINS_ONLY'],
    404: ['MAILBOX_MAIL_NOT_FOUND'],
  })
  @Permission('system-admin')
  @Get(':id/html')
  async html(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { name, content } = await this.mailbox.html(principal, id);
    return file(response, name, 'text/html; charset=utf-8', content);
  }

  @ApiOperation({
    summary: '보관 메일 첨부 내려받기 / An attachment of a kept mail, as a download (system administrators)',
  })
  @ApiOkResponse({
    description: "첨부 파일 / The attachment's bytes",
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['MAILBOX_ADMINS_ONLY'],
    404: ['MAILBOX_MAIL_NOT_FOUND'],
  })
  @Permission('system-admin')
  @Get(':id/attachments/:ordinal')
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
