import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { opinionsCsv, summaryHtml, summaryPdf } from './memo-export.js';
import { MemoService, type MemoStatus, type MemoView } from './memo.service.js';
import { ListMemosQueryDto, OpinionDto, SendMemoDto } from './memos.dto.js';
import { httpSourceKey } from '../common/idempotency.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('memos')
@ApiBearerAuth()
@Controller('memos')
export class MemosController {
  constructor(private readonly memos: MemoService) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListMemosQueryDto): Promise<MemoView[]> {
    return this.memos.list(principal, query.box ?? 'inbox');
  }

  /** 201 when sent, 200 when the idempotency key found the memo a first request sent. */
  @Post()
  async send(@CurrentPrincipal() principal: Principal, @Body() body: SendMemoDto, @Res({ passthrough: true }) res: Response): Promise<MemoView> {
    const { idempotencyKey, ...input } = body;
    const { memo, created } = await this.memos.send(principal, { ...input, sourceKey: httpSourceKey(principal.userId, idempotencyKey) });
    res.status(created ? 201 : 200);
    return memo;
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<MemoView> {
    return this.memos.get(principal, id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  acknowledge(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<MemoView> {
    return this.memos.acknowledge(principal, id);
  }

  @Put(':id/opinion')
  opinion(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string, @Body() body: OpinionDto): Promise<MemoView> {
    return this.memos.giveOpinion(principal, id, body);
  }

  @Get(':id/status')
  status(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<MemoStatus> {
    return this.memos.status(principal, id);
  }

  @Post(':id/nudge')
  @HttpCode(202)
  nudge(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<{ nudging: number; recentlyNudged: number }> {
    return this.memos.nudge(principal, id);
  }

  @Get(':id/opinions.csv')
  async csv(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const { status } = await this.memos.exportData(principal, id);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="memo-${id.slice(0, 8)}-opinions.csv"`);
    return opinionsCsv(status);
  }

  @Get(':id/summary.html')
  async html(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const { memo, status } = await this.memos.exportData(principal, id);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    return summaryHtml(memo, status);
  }

  @Get(':id/summary.pdf')
  async pdf(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<StreamableFile> {
    const { memo, status } = await this.memos.exportData(principal, id);
    return new StreamableFile(await summaryPdf(memo, status), { type: 'application/pdf', disposition: `attachment; filename="memo-${id.slice(0, 8)}-summary.pdf"` });
  }
}
