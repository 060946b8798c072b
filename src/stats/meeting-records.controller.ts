import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '../access/permission.decorator.js';
import { ApiErrors, SESSION_ERRORS } from '../common/api-errors.js';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { ImportMeetingRecordsDto } from './meeting-records.dto.js';
import { MeetingRecordService } from './meeting-records.service.js';
import { ImportRecordsResponseSchema } from './stats.responses.js';

/** The records import keeps its path under /meetings, where the usage report's clients have always sent it. */
@ApiTags('meetings')
@Controller('meetings')
export class MeetingRecordsController {
  constructor(private readonly records: MeetingRecordService) {}

  /** Held meetings from before Ieum, for the usage report (system administrators). */
  @ApiOperation({ summary: '지난 회의 기록 가져오기 / Import records of meetings held elsewhere (administrators)' })
  @ApiOkResponse({ type: ImportRecordsResponseSchema })
  @ApiErrors({
    400: [
      'CONTROL_CHARACTERS',
      'INVALID_JSON',
      'JSON_TOO_DEEP',
      'JSON_TOO_WIDE',
      'MEETING_RECORD_NOT_HELD',
      'VALIDATION_FAILED',
    ],
    401: SESSION_ERRORS,
    403: ['MEETING_NOT_ADMIN'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @ApiBearerAuth()
  @Permission('system-admin')
  @Post('records')
  @HttpCode(200)
  importRecords(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ImportMeetingRecordsDto,
  ): Promise<{ imported: number; skipped: number }> {
    return this.records.importRecords(principal, body.records);
  }
}
