import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { VideoJoinLink } from '../bus/capabilities/video-conference.provider.js';
import { Public } from '../identity/auth.decorators.js';
import { ConsultationAvailabilityService, type SlotView } from './consultation-availability.service.js';
import { ConsultationBookingService } from './consultation-booking.service.js';
import { ConsultationService, type CitizenConsultationView } from './consultation.service.js';
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

  @Get('topics')
  topics(@Query() query: TopicsQueryDto): ReturnType<ConsultationAvailabilityService['topics']> {
    return this.availability.topics(query.agency);
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

  @Post('confirm/:token')
  @HttpCode(200)
  async confirm(@Param('token') token: string): Promise<CitizenConsultationView> {
    const confirmed = await this.booking.confirm(token);
    return this.consultations.forCitizen(this.booking.manageToken(confirmed));
  }

  @Get('manage/:token')
  get(@Param('token') token: string): Promise<CitizenConsultationView> {
    return this.consultations.forCitizen(token);
  }

  @Get('manage/:token/slots')
  slotsToMoveTo(@Param('token') token: string, @Query() query: SlotQueryDto): Promise<SlotView[]> {
    return this.consultations.slotsForCitizen(token, { from: query.from ?? new Date(), days: query.days ?? 14, timeZone: query.timeZone ?? 'Asia/Seoul' });
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
