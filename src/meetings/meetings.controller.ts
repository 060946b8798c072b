import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { VideoJoinLink } from '../bus/capabilities/video-conference.provider.js';
import { CurrentPrincipal, Public } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { GuestThrottleService } from './guest-throttle.service.js';
import { MeetingRoomService, type GuestMeetingView } from './meeting-room.service.js';
import { MeetingService } from './meeting.service.js';
import { MeetingViewService, type MeetingOccurrenceView, type MeetingView } from './meeting-views.service.js';
import {
  CalendarQueryDto,
  CancelOccurrenceDto,
  GuestJoinDto,
  RescheduleMeetingDto,
  ScheduleMeetingDto,
} from './meetings.dto.js';
import { httpSourceKey } from '../common/idempotency.js';
import { ApiErrors, SESSION_ERRORS } from '../common/api-errors.js';
import {
  AttendanceResponseSchema,
  GuestMeetingViewSchema,
  JoinAsGuestResponseSchema,
  MeetingOccurrenceViewSchema,
  MeetingViewSchema,
} from './meetings.responses.js';
import { VideoJoinLinkSchema } from '../bus/bus.responses.js';
import { Permission } from '../access/permission.decorator.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('meetings')
@Controller('meetings')
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingService,
    private readonly views: MeetingViewService,
    private readonly rooms: MeetingRoomService,
    private readonly guests: GuestThrottleService,
  ) {}

  @ApiOperation({ summary: "내 회의 목록 / The caller's meetings" })
  @ApiOkResponse({ type: MeetingViewSchema, isArray: true })
  @ApiErrors({ 401: SESSION_ERRORS })
  @ApiBearerAuth()
  @Permission('meeting.read')
  @Get()
  list(@CurrentPrincipal() principal: Principal): Promise<MeetingView[]> {
    return this.meetings.listMine(principal);
  }

  /** Each occurrence of the caller's meetings between `from` and `to` (at most 42 days), for a calendar. */
  @ApiOperation({
    summary: "회의 일정(반복 회의 펼침) / The caller's meeting occurrences in a time range, recurring ones unfolded",
  })
  @ApiOkResponse({ type: MeetingOccurrenceViewSchema, isArray: true })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 401: SESSION_ERRORS })
  @ApiBearerAuth()
  @Permission('meeting.read')
  @Get('calendar')
  calendar(
    @CurrentPrincipal() principal: Principal,
    @Query() query: CalendarQueryDto,
  ): Promise<MeetingOccurrenceView[]> {
    return this.views.calendar(principal, query.from, query.to);
  }

  /** 201 when scheduled, 200 when the idempotency key found the meeting a first request made. */
  @ApiOperation({ summary: '회의 예약 / Schedule a video meeting and invite people' })
  @ApiCreatedResponse({ type: MeetingViewSchema })
  @ApiErrors({
    400: [
      'CONTROL_CHARACTERS',
      'CROSS_AGENCY_NOT_ALLOWED',
      'INVALID_JSON',
      'JSON_TOO_DEEP',
      'JSON_TOO_WIDE',
      'MEETING_BAD_RECURRENCE',
      'MEETING_IN_PAST',
      'MEETING_NO_PARTICIPANTS',
      'MEETING_TOO_MANY_PARTICIPANTS',
      'VALIDATION_FAILED',
    ],
    401: SESSION_ERRORS,
    403: ['MEETING_NOT_STAFF', 'STAFF_ONLY'],
    404: ['MEETING_NO_SUCH_OCCURRENCE', 'ROOM_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @ApiBearerAuth()
  @Permission('meeting.create')
  @Post()
  async schedule(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ScheduleMeetingDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MeetingView> {
    const { idempotencyKey, ...input } = body;
    const { meeting, created } = await this.meetings.schedule(principal, {
      ...input,
      sourceKey: httpSourceKey(principal.userId, idempotencyKey),
    });
    res.status(created ? 201 : 200);
    return meeting;
  }

  @ApiOperation({ summary: '회의 하나 / One meeting' })
  @ApiOkResponse({ type: MeetingViewSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 404: ['MEETING_NOT_FOUND'] })
  @ApiBearerAuth()
  @Permission('meeting.read')
  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<MeetingView> {
    return this.meetings.get(principal, id);
  }

  @ApiOperation({ summary: '회의 시간 바꾸기 / Move a meeting (its host)' })
  @ApiOkResponse({ type: MeetingViewSchema })
  @ApiErrors({
    400: [
      'CONTROL_CHARACTERS',
      'INVALID_JSON',
      'JSON_TOO_DEEP',
      'JSON_TOO_WIDE',
      'MEETING_BAD_RECURRENCE',
      'MEETING_IN_PAST',
      'VALIDATION_FAILED',
    ],
    401: SESSION_ERRORS,
    403: ['MEETING_NOT_HOST'],
    404: ['MEETING_NOT_FOUND', 'MEETING_NO_SUCH_OCCURRENCE'],
    409: ['MEETING_CLOSED', 'MEETING_MANAGED_BY_CONSULTATION'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @ApiBearerAuth()
  @Permission('meeting.host')
  @Post(':id/reschedule')
  @HttpCode(200)
  reschedule(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() body: RescheduleMeetingDto,
  ): Promise<MeetingView> {
    return this.meetings.reschedule(principal, id, body);
  }

  /** Drops one occurrence of a recurring meeting: `at` is the occurrence's start. */
  @ApiOperation({ summary: '반복 회의 한 회 취소 / Cancel one occurrence of a recurring meeting (its host)' })
  @ApiOkResponse({ type: MeetingViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['MEETING_NOT_HOST'],
    404: ['MEETING_NOT_FOUND', 'MEETING_NO_SUCH_OCCURRENCE'],
    409: ['MEETING_CLOSED', 'MEETING_MANAGED_BY_CONSULTATION', 'MEETING_NOT_RECURRING'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @ApiBearerAuth()
  @Permission('meeting.host')
  @Post(':id/occurrences/cancel')
  @HttpCode(200)
  cancelOccurrence(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() body: CancelOccurrenceDto,
  ): Promise<MeetingView> {
    return this.meetings.cancelOccurrence(principal, id, body.at);
  }

  @ApiOperation({ summary: '회의 취소 / Cancel a meeting (its host)' })
  @ApiOkResponse({ type: MeetingViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['MEETING_NOT_HOST'],
    404: ['MEETING_NOT_FOUND'],
    409: ['MEETING_CLOSED', 'MEETING_MANAGED_BY_CONSULTATION'],
  })
  @ApiBearerAuth()
  @Permission('meeting.host')
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<MeetingView> {
    return this.meetings.cancel(principal, id);
  }

  @ApiOperation({ summary: '회의 종료 / End a meeting for everyone (its host)' })
  @ApiOkResponse({ type: MeetingViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['MEETING_NOT_HOST'],
    404: ['MEETING_NOT_FOUND'],
    409: ['MEETING_CLOSED'],
  })
  @ApiBearerAuth()
  @Permission('meeting.host')
  @Post(':id/end')
  @HttpCode(200)
  end(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<MeetingView> {
    return this.meetings.end(principal, id);
  }

  @ApiOperation({ summary: "회의 참가 링크 받기 / A signed link to join the meeting's video room" })
  @ApiOkResponse({ type: VideoJoinLinkSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    404: ['MEETING_NOT_FOUND'],
    409: ['MEETING_CLOSED', 'MEETING_NOT_OPEN_YET', 'MEETING_OVER'],
  })
  @ApiBearerAuth()
  @Permission('meeting.join')
  @Post(':id/join')
  @HttpCode(200)
  join(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<VideoJoinLink> {
    return this.rooms.join(principal, id);
  }

  @ApiOperation({ summary: '회의 나가기 / Record that the caller left the meeting' })
  @ApiNoContentResponse({ description: '내용 없음 / No content' })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 404: ['MEETING_NOT_FOUND'] })
  @ApiBearerAuth()
  @Permission('meeting.join')
  @Post(':id/leave')
  @HttpCode(204)
  leave(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<void> {
    return this.rooms.leave(principal, id);
  }

  @ApiOperation({ summary: '회의 출석 기록 / Who joined and left, and for how long (its host)' })
  @ApiOkResponse({ type: AttendanceResponseSchema, isArray: true })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['MEETING_NOT_HOST'],
    404: ['MEETING_NOT_FOUND'],
  })
  @ApiBearerAuth()
  @Permission('meeting.host')
  @Get(':id/attendance')
  attendance(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
  ): ReturnType<MeetingRoomService['attendance']> {
    return this.rooms.attendance(principal, id);
  }

  /** For outside guests: the token from their invitation is their only credential. What their join page shows. */
  @ApiOperation({ summary: '외부 참석자 링크 확인 / What a guest link leads to (no sign-in)' })
  @ApiOkResponse({ type: GuestMeetingViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    404: ['MEETING_LINK_INVALID'],
    413: ['PAYLOAD_TOO_LARGE'],
    429: ['MEETING_TOO_MANY_GUEST_REQUESTS'],
  })
  @Public()
  @Permission('guest-link')
  @Get('guest/:token')
  async guest(@Param('token') token: string, @Req() request: Request): Promise<GuestMeetingView> {
    await this.guests.consume(request.ip ?? 'unknown');
    return this.rooms.guestView(token);
  }

  /** The guest's link into the room, under the name they give (the invitation's name without one). */
  @ApiOperation({ summary: '외부 참석자로 참가 / Join a meeting through a guest link (no sign-in)' })
  @ApiOkResponse({ type: JoinAsGuestResponseSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    404: ['MEETING_LINK_INVALID'],
    409: ['MEETING_CLOSED', 'MEETING_NOT_OPEN_YET', 'MEETING_OVER'],
    413: ['PAYLOAD_TOO_LARGE'],
    429: ['MEETING_TOO_MANY_GUEST_REQUESTS'],
  })
  @Public()
  @Permission('guest-link')
  @Post('guest/:token/join')
  @HttpCode(200)
  async joinAsGuest(
    @Param('token') token: string,
    @Body() body: GuestJoinDto,
    @Req() request: Request,
  ): ReturnType<MeetingRoomService['joinAsGuest']> {
    await this.guests.consume(request.ip ?? 'unknown');
    return this.rooms.joinAsGuest(token, body.name);
  }
}
