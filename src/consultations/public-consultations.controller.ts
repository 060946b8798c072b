import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { VideoJoinLink } from '../bus/capabilities/video-conference.provider.js';
import { Public } from '../identity/auth.decorators.js';
import {
  ConsultationAvailabilityService,
  type CalendarDayView,
  type PublicTopicsView,
  type SlotView,
} from './consultation-availability.service.js';
import { ConsultationBookingService } from './consultation-booking.service.js';
import { ConsultationNotifier } from './consultation-notifier.service.js';
import {
  ConsultationService,
  type CitizenConfirmationView,
  type CitizenConsultationView,
} from './consultation.service.js';
import {
  CitizenBookingDto,
  MoveConsultationDto,
  SlotQueryDto,
  TopicSlotQueryDto,
  TopicsQueryDto,
} from './consultations.dto.js';
import { ApiErrors } from '../common/api-errors.js';
import {
  CalendarDayViewSchema,
  CitizenConfirmationViewSchema,
  CitizenConsultationViewSchema,
  PublicTopicsViewSchema,
  CitizenRequestViewSchema,
  SlotViewSchema,
} from './public-consultations.responses.js';
import { VideoJoinLinkSchema } from '../bus/bus.responses.js';
import { Permission } from '../access/permission.decorator.js';

/**
 * What the citizen's booking pages call, without an account. A booking is held until confirmed by
 * the link mailed to the citizen; from then on their manage link is their only credential.
 */
@ApiTags('consultations (citizens)')
@Public()
@Controller('public/consultations')
export class PublicConsultationsController {
  constructor(
    private readonly consultations: ConsultationService,
    private readonly booking: ConsultationBookingService,
    private readonly notifier: ConsultationNotifier,
    private readonly availability: ConsultationAvailabilityService,
  ) {}

  /** The topics someone takes (of one agency with `agency`), and the settings the privacy notice names. */
  @ApiOperation({ summary: "상담 주제 목록(민원인) / An agency's consultation topics, for citizens (no sign-in)" })
  @ApiOkResponse({ type: PublicTopicsViewSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 404: ['CONSULT_TOPIC_NOT_FOUND'] })
  @Permission('public')
  @Get('topics')
  topics(@Query() query: TopicsQueryDto): Promise<PublicTopicsView> {
    return this.availability.topics(query.agency);
  }

  /** The citizen's calendar for a topic: each day's free slots, or whether it is closed (and why), full, or without hours. */
  @ApiOperation({ summary: '예약 가능한 날(민원인) / Days with free slots for a topic (no sign-in)' })
  @ApiOkResponse({ type: CalendarDayViewSchema, isArray: true })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 404: ['CONSULT_TOPIC_NOT_FOUND'] })
  @Permission('public')
  @Get('days')
  days(@Query() query: TopicSlotQueryDto): Promise<CalendarDayView[]> {
    return this.availability.calendarForTopic(query.topicId, {
      from: query.from ?? new Date(),
      days: query.days ?? 14,
      timeZone: query.timeZone ?? 'Asia/Seoul',
    });
  }

  @ApiOperation({ summary: '예약 가능한 시간(민원인) / Free slots of a day for a topic (no sign-in)' })
  @ApiOkResponse({ type: SlotViewSchema, isArray: true })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 404: ['CONSULT_TOPIC_NOT_FOUND'] })
  @Permission('public')
  @Get('slots')
  slots(@Query() query: TopicSlotQueryDto): Promise<SlotView[]> {
    return this.availability.slotsForTopic(query.topicId, {
      from: query.from ?? new Date(),
      days: query.days ?? 14,
      timeZone: query.timeZone ?? 'Asia/Seoul',
    });
  }

  /** 202: the time is held and a confirmation link is on its way to the e-mail given. */
  @ApiOperation({
    summary:
      '상담 신청(메일 확인 대기) / Request a consultation; it is held until confirmed from the e-mail (no sign-in)',
  })
  @ApiAcceptedResponse({ type: CitizenRequestViewSchema })
  @ApiErrors({
    400: [
      'CONSULT_PRIVACY_NOT_ACCEPTED',
      'CONTROL_CHARACTERS',
      'INVALID_JSON',
      'JSON_TOO_DEEP',
      'JSON_TOO_WIDE',
      'VALIDATION_FAILED',
    ],
    404: ['CONSULT_TOPIC_NOT_FOUND'],
    409: ['CONSULT_DAILY_CAP_REACHED', 'CONSULT_SLOT_TAKEN', 'CONSULT_SLOT_UNAVAILABLE'],
    413: ['PAYLOAD_TOO_LARGE'],
    429: ['CONSULT_TOO_MANY_REQUESTS'],
  })
  @Permission('public')
  @Post()
  @HttpCode(202)
  request(@Body() body: CitizenBookingDto, @Req() request: Request): ReturnType<ConsultationBookingService['request']> {
    return this.booking.request(body, request.ip ?? 'unknown');
  }

  /** Confirms the booking; the answer carries the personal manage token the next mail sends too. */
  @ApiOperation({ summary: '상담 신청 확인 / Confirm a consultation from the e-mailed link' })
  @ApiOkResponse({ type: CitizenConfirmationViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    404: ['CONSULT_LINK_INVALID'],
    409: ['CONSULT_CLOSED'],
    410: ['CONSULT_HOLD_EXPIRED'],
  })
  @Permission('public')
  @Post('confirm/:token')
  @HttpCode(200)
  async confirm(@Param('token') token: string): Promise<CitizenConfirmationView> {
    const confirmed = await this.booking.confirm(token);
    const manageToken = this.notifier.manageToken(confirmed);
    return { ...(await this.consultations.forCitizen(manageToken)), manageToken };
  }

  @ApiOperation({ summary: "내 상담 보기(민원인) / A citizen's consultation, through its private link" })
  @ApiOkResponse({ type: CitizenConsultationViewSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 404: ['CONSULT_LINK_INVALID'] })
  @Permission('manage-link')
  @Get('manage/:token')
  get(@Param('token') token: string): Promise<CitizenConsultationView> {
    return this.consultations.forCitizen(token);
  }

  @ApiOperation({ summary: '옮길 수 있는 시간(민원인) / Free slots to move a consultation to' })
  @ApiOkResponse({ type: SlotViewSchema, isArray: true })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 404: ['CONSULT_LINK_INVALID'] })
  @Permission('manage-link')
  @Get('manage/:token/slots')
  slotsToMoveTo(@Param('token') token: string, @Query() query: SlotQueryDto): Promise<SlotView[]> {
    return this.consultations.slotsForCitizen(token, {
      from: query.from ?? new Date(),
      days: query.days ?? 14,
      timeZone: query.timeZone ?? 'Asia/Seoul',
    });
  }

  @ApiOperation({ summary: '옮길 수 있는 날(민원인) / Days with free slots to move a consultation to' })
  @ApiOkResponse({ type: CalendarDayViewSchema, isArray: true })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 404: ['CONSULT_LINK_INVALID'] })
  @Permission('manage-link')
  @Get('manage/:token/days')
  daysToMoveTo(@Param('token') token: string, @Query() query: SlotQueryDto): Promise<CalendarDayView[]> {
    return this.consultations.calendarForCitizen(token, {
      from: query.from ?? new Date(),
      days: query.days ?? 14,
      timeZone: query.timeZone ?? 'Asia/Seoul',
    });
  }

  /** The confirmed booking as a file to add to a calendar. */
  @ApiOperation({ summary: '일정 파일 내려받기(.ics) / The consultation as a calendar file (.ics)' })
  @ApiOkResponse({
    description: 'iCalendar 파일 / An iCalendar file',
    content: { 'text/calendar': { schema: { type: 'string' } } },
  })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    404: ['CONSULT_LINK_INVALID'],
    409: ['CONSULT_CLOSED'],
  })
  @Permission('manage-link')
  @Get('manage/:token/calendar.ics')
  @ApiProduces('text/calendar')
  @Header('Cache-Control', 'no-store')
  async calendarFile(@Param('token') token: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    const ics = await this.consultations.calendarFileForCitizen(token);
    response.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="consultation.ics"; filename*=UTF-8''${encodeURIComponent('영상민원상담.ics')}`,
    );
    return ics;
  }

  @ApiOperation({ summary: '상담 취소(민원인) / Cancel a consultation through its private link' })
  @ApiOkResponse({ type: CitizenConsultationViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    404: ['CONSULT_LINK_INVALID', 'CONSULT_NOT_FOUND'],
    409: ['CONSULT_CLOSED', 'CONSULT_OVER'],
  })
  @Permission('manage-link')
  @Post('manage/:token/cancel')
  @HttpCode(200)
  cancel(@Param('token') token: string): Promise<CitizenConsultationView> {
    return this.consultations.cancelByCitizen(token);
  }

  @ApiOperation({ summary: '상담 시간 바꾸기(민원인) / Move a consultation through its private link' })
  @ApiOkResponse({ type: CitizenConsultationViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    404: ['CONSULT_LINK_INVALID', 'CONSULT_NOT_FOUND'],
    409: ['CONSULT_CLOSED', 'CONSULT_SLOT_TAKEN', 'CONSULT_SLOT_UNAVAILABLE'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('manage-link')
  @Post('manage/:token/reschedule')
  @HttpCode(200)
  reschedule(@Param('token') token: string, @Body() body: MoveConsultationDto): Promise<CitizenConsultationView> {
    return this.consultations.rescheduleByCitizen(token, body.startsAt);
  }

  /** A token for the video room, only around the slot; the citizen waits in the lobby. */
  @ApiOperation({ summary: '화상 상담 참가(민원인) / Join the video consultation through its private link' })
  @ApiOkResponse({ type: VideoJoinLinkSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    404: ['CONSULT_LINK_INVALID'],
    409: ['CONSULT_CLOSED', 'CONSULT_NOT_CONFIRMED', 'CONSULT_NOT_OPEN_YET', 'CONSULT_OVER'],
    503: ['CONSULT_VIDEO_NOT_CONFIGURED'],
  })
  @Permission('manage-link')
  @Post('manage/:token/join')
  @HttpCode(200)
  join(@Param('token') token: string): Promise<VideoJoinLink> {
    return this.consultations.joinByCitizen(token);
  }
}
