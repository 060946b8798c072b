import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { CommonException, CommonExceptionCode } from '../common/ieum.exception.js';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import { UserRole, type Principal } from '../identity/identity.types.js';
import { MeetingStatsService, reportCsv, type MeetingReport } from './meeting-stats.service.js';

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

  /** Usage across the government: for system and agency administrators. CSV with ?format=csv or Accept: text/csv. */
  @Get('meetings')
  async meetings(@CurrentPrincipal() principal: Principal, @Query() query: MeetingReportQuery, @Res({ passthrough: true }) res: Response): Promise<MeetingReport | string> {
    if (!principal.roles.includes(UserRole.SystemAdmin) && !principal.roles.includes(UserRole.AgencyAdmin)) {
      throw new CommonException(CommonExceptionCode.Forbidden, { en: 'Usage statistics are for administrators.', ko: '이용 통계는 관리자만 볼 수 있습니다.' }, 403);
    }
    const report = await this.stats.report(query.year);
    const wantsCsv = query.format === 'csv' || (query.format === undefined && /text\/csv/.test(String(res.req.headers.accept ?? '')));
    if (!wantsCsv) return report;
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="meetings-${query.year}.csv"`);
    return reportCsv(report);
  }
}
