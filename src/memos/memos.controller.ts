import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { opinionsCsv, summaryHtml, summaryPdf } from './memo-export.js';
import { MemoService, type MemoStatus, type MemoView } from './memo.service.js';
import { ListMemosQueryDto, OpinionDto, SendMemoDto } from './memos.dto.js';
import { httpSourceKey } from '../common/idempotency.js';
import { ApiErrors, SESSION_ERRORS } from '../common/api-errors.js';
import { MemoStatusSchema, MemoViewSchema, NudgeResponseSchema } from './memos.responses.js';
import { Permission } from '../access/permission.decorator.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('memos')
@ApiBearerAuth()
@Controller('memos')
export class MemosController {
  constructor(private readonly memos: MemoService) {}

  @ApiOperation({ summary: '메모 보고 목록 / Memos the caller sent or received' })
  @ApiOkResponse({ type: MemoViewSchema, isArray: true })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 401: SESSION_ERRORS })
  @Permission('memo.read')
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListMemosQueryDto): Promise<MemoView[]> {
    return this.memos.list(principal, query.box ?? 'inbox');
  }

  /** 201 when sent, 200 when the idempotency key found the memo a first request sent. */
  @ApiOperation({ summary: '메모 보고 보내기 / Send a memo report to people, departments or agencies' })
  @ApiCreatedResponse({ type: MemoViewSchema })
  @ApiErrors({
    400: [
      'CONTROL_CHARACTERS',
      'INVALID_JSON',
      'JSON_TOO_DEEP',
      'JSON_TOO_WIDE',
      'MEMO_DEADLINE_PAST',
      'MEMO_FILES_NOT_ATTACHABLE',
      'MEMO_NO_RECIPIENTS',
      'MEMO_UNKNOWN_TARGET',
      'VALIDATION_FAILED',
    ],
    401: SESSION_ERRORS,
    403: ['MEMO_NOT_STAFF'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('memo.create')
  @Post()
  async send(
    @CurrentPrincipal() principal: Principal,
    @Body() body: SendMemoDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MemoView> {
    const { idempotencyKey, ...input } = body;
    const { memo, created } = await this.memos.send(principal, {
      ...input,
      sourceKey: httpSourceKey(principal.userId, idempotencyKey),
    });
    res.status(created ? 201 : 200);
    return memo;
  }

  @ApiOperation({ summary: '메모 하나 / One memo' })
  @ApiOkResponse({ type: MemoViewSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 404: ['MEMO_NOT_FOUND'] })
  @Permission('memo.read')
  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<MemoView> {
    return this.memos.get(principal, id);
  }

  @ApiOperation({ summary: '메모 확인 / Acknowledge a memo' })
  @ApiOkResponse({ type: MemoViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['MEMO_NOT_RECIPIENT'],
    404: ['MEMO_NOT_FOUND'],
  })
  @Permission('memo.recipient')
  @Post(':id/acknowledge')
  @HttpCode(200)
  acknowledge(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<MemoView> {
    return this.memos.acknowledge(principal, id);
  }

  @ApiOperation({ summary: '의견 남기기 / Give or change an opinion on a memo' })
  @ApiOkResponse({ type: MemoViewSchema })
  @ApiErrors({
    400: [
      'CONTROL_CHARACTERS',
      'INVALID_JSON',
      'JSON_TOO_DEEP',
      'JSON_TOO_WIDE',
      'MEMO_FILES_NOT_ATTACHABLE',
      'VALIDATION_FAILED',
    ],
    401: SESSION_ERRORS,
    403: ['MEMO_NOT_RECIPIENT'],
    404: ['MEMO_NOT_FOUND'],
    409: ['MEMO_CLOSED', 'MEMO_NO_OPINION_REQUESTED'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('memo.recipient')
  @Put(':id/opinion')
  opinion(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() body: OpinionDto,
  ): Promise<MemoView> {
    return this.memos.giveOpinion(principal, id, body);
  }

  @ApiOperation({ summary: '메모 확인 현황 / Who has acknowledged and answered a memo (its author)' })
  @ApiOkResponse({ type: MemoStatusSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['MEMO_NOT_AUTHOR'],
    404: ['MEMO_NOT_FOUND'],
  })
  @Permission('memo.author')
  @Get(':id/status')
  status(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<MemoStatus> {
    return this.memos.status(principal, id);
  }

  @ApiOperation({ summary: '미확인자에게 다시 알리기 / Remind the recipients who have not acknowledged (its author)' })
  @ApiAcceptedResponse({ type: NudgeResponseSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['MEMO_NOT_AUTHOR'],
    404: ['MEMO_NOT_FOUND'],
    409: ['MEMO_CLOSED'],
  })
  @Permission('memo.author')
  @Post(':id/nudge')
  @HttpCode(202)
  nudge(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
  ): Promise<{ nudging: number; recentlyNudged: number }> {
    return this.memos.nudge(principal, id);
  }

  @ApiOperation({ summary: '의견 CSV 내려받기 / The opinions on a memo as CSV (its author)' })
  @ApiOkResponse({ description: 'CSV 파일 / A CSV file', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['MEMO_NOT_AUTHOR'],
    404: ['MEMO_NOT_FOUND'],
  })
  @Permission('memo.author')
  @Get(':id/opinions.csv')
  async csv(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const { status } = await this.memos.exportData(principal, id);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="memo-${id.slice(0, 8)}-opinions.csv"`);
    return opinionsCsv(status);
  }

  @ApiOperation({ summary: '메모 요약 HTML / A summary of a memo and its answers as HTML (its author)' })
  @ApiOkResponse({
    description: 'HTML 문서 / An HTML document',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['MEMO_NOT_AUTHOR'],
    404: ['MEMO_NOT_FOUND'],
  })
  @Permission('memo.author')
  @Get(':id/summary.html')
  async html(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const { memo, status } = await this.memos.exportData(principal, id);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    return summaryHtml(memo, status);
  }

  @ApiOperation({ summary: '메모 요약 PDF / A summary of a memo and its answers as PDF (its author)' })
  @ApiOkResponse({
    description: 'PDF 문서 / A PDF document',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['MEMO_NOT_AUTHOR'],
    404: ['MEMO_NOT_FOUND'],
  })
  @Permission('memo.author')
  @Get(':id/summary.pdf')
  async pdf(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<StreamableFile> {
    const { memo, status } = await this.memos.exportData(principal, id);
    return new StreamableFile(await summaryPdf(memo, status), {
      type: 'application/pdf',
      disposition: `attachment; filename="memo-${id.slice(0, 8)}-summary.pdf"`,
    });
  }
}
