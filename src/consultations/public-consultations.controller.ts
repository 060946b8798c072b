import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { VideoJoinLink } from '../bus/capabilities/video-conference.provider.js';
import { Public } from '../identity/auth.decorators.js';
import { ConsultationAvailabilityService, type CalendarDayView, type PublicTopicsView, type SlotView } from './consultation-availability.service.js';
import { ConsultationBookingService } from './consultation-booking.service.js';
import { ConsultationService, type CitizenConfirmationView, type CitizenConsultationView } from './consultation.service.js';
import { CitizenBookingDto, MoveConsultationDto, SlotQueryDto, TopicSlotQueryDto, TopicsQueryDto } from './consultations.dto.js';

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
    private readonly availability: ConsultationAvailabilityService,
  ) {}

  /** The topics someone takes (of one agency with `agency`), and the settings the privacy notice names. */
  @Get('topics')
  topics(@Query() query: TopicsQueryDto): Promise<PublicTopicsView> {
    return this.availability.topics(query.agency);
  }

  /** The citizen's calendar for a topic: each day's free slots, or whether it is closed (and why), full, or without hours. */
  @Get('days')
  days(@Query() query: TopicSlotQueryDto): Promise<CalendarDayView[]> {
    return this.availability.calendarForTopic(query.topicId, { from: query.from ?? new Date(), days: query.days ?? 14, timeZone: query.timeZone ?? 'Asia/Seoul' });
  }

  @Get('slots')
  slots(@Query() query: TopicSlotQueryDto): Promise<SlotView[]> {
    return this.availability.slotsForTopic(query.topicId, { from: query.from ?? new Date(), days: query.days ?? 14, timeZone: query.timeZone ?? 'Asia/Seoul' });
  }

  /** 202: the time is held and a confirmation link is on its way to the e-mail given. */
  @Post()
  @HttpCode(202)
  request(@Body() body: CitizenBookingDto, @Req() request: Request): ReturnType<ConsultationBookingService['request']> {
    return this.booking.request(body, request.ip ?? 'unknown');
  }

  /** Confirms the booking; the answer carries the personal manage token the next mail sends too. */
  @Post('confirm/:token')
  @HttpCode(200)
  async confirm(@Param('token') token: string): Promise<CitizenConfirmationView> {
    const confirmed = await this.booking.confirm(token);
    const manageToken = this.booking.manageToken(confirmed);
    return { ...(await this.consultations.forCitizen(manageToken)), manageToken };
  }

  @Get('manage/:token')
  get(@Param('token') token: string): Promise<CitizenConsultationView> {
    return this.consultations.forCitizen(token);
  }

  @Get('manage/:token/slots')
  slotsToMoveTo(@Param('token') token: string, @Query() query: SlotQueryDto): Promise<SlotView[]> {
    return this.consultations.slotsForCitizen(token, { from: query.from ?? new Date(), days: query.days ?? 14, timeZone: query.timeZone ?? 'Asia/Seoul' });
  }

  @Get('manage/:token/days')
  daysToMoveTo(@Param('token') token: string, @Query() query: SlotQueryDto): Promise<CalendarDayView[]> {
    return this.consultations.calendarForCitizen(token, { from: query.from ?? new Date(), days: query.days ?? 14, timeZone: query.timeZone ?? 'Asia/Seoul' });
  }

  /** The confirmed booking as a file to add to a calendar. */
  @Get('manage/:token/calendar.ics')
  @ApiProduces('text/calendar')
  @Header('Cache-Control', 'no-store')
  async calendarFile(@Param('token') token: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    const ics = await this.consultations.calendarFileForCitizen(token);
    response.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="consultation.ics"; filename*=UTF-8''${encodeURIComponent('영상민원상담.ics')}`);
    return ics;
  }

  @Post('manage/:token/cancel')
  @HttpCode(200)
  cancel(@Param('token') token: string): Promise<CitizenConsultationView> {
    return this.consultations.cancelByCitizen(token);
  }

  @Post('manage/:token/reschedule')
  @HttpCode(200)
  reschedule(@Param('token') token: string, @Body() body: MoveConsultationDto): Promise<CitizenConsultationView> {
    return this.consultations.rescheduleByCitizen(token, body.startsAt);
  }

  /** A token for the video room, only around the slot; the citizen waits in the lobby. */
  @Post('manage/:token/join')
  @HttpCode(200)
  join(@Param('token') token: string): Promise<VideoJoinLink> {
    return this.consultations.joinByCitizen(token);
  }
}
