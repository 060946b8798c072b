import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { MeetingStatsService, reportCsv, type MeetingReport } from './meeting-stats.service.js';
import { ApiErrors, SESSION_ERRORS } from '../common/api-errors.js';
import { MeetingReportSchema } from './stats.responses.js';
import { Permission } from '../access/permission.decorator.js';

export class MeetingReportQuery {
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

@ApiTags('stats')
@ApiBearerAuth()
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: MeetingStatsService) {}

  /** Usage across the government for system administrators, of their own agency for agency administrators. CSV with ?format=csv or Accept: text/csv. */
  @ApiOperation({ summary: '회의 이용 통계 / Meeting usage for a year (JSON, or CSV with ?format=csv)' })
  @ApiOkResponse({ type: MeetingReportSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 403: ['FORBIDDEN'] })
  @Permission('stats.read')
  @Get('meetings')
  async meetings(
    @CurrentPrincipal() principal: Principal,
    @Query() query: MeetingReportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MeetingReport | string> {
    const report = await this.stats.reportFor(principal, query.year);
    const wantsCsv =
      query.format === 'csv' || (query.format === undefined && /text\/csv/.test(String(res.req.headers.accept ?? '')));
    if (!wantsCsv) return report;
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="meetings-${query.year}.csv"`);
    return reportCsv(report);
  }
}
