import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DateTime } from 'luxon';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { ConsultationAvailabilityService, type StaffSlotView } from './consultation-availability.service.js';
import { ConsultationBookingService } from './consultation-booking.service.js';
import type { ConsultationScheduleEntity } from './consultation-schedule.entity.js';
import { ConsultationService, type StaffConsultationView } from './consultation.service.js';
import { ClosureDto, FromDayQueryDto, ListConsultationsQueryDto, MoveConsultationDto, OutcomeDto, ScheduleDto, ScheduleExceptionDto, StaffBookingDto, StaffSlotQueryDto, TopicDto } from './consultations.dto.js';
import { httpSourceKey } from '../common/idempotency.js';

const uuid = new ParseUUIDPipe({ version: undefined });

/** Consultations for complaint staff and investigators. Static routes come before `:id`. */
@ApiTags('consultations')
@ApiBearerAuth()
@Controller('consultations')
export class ConsultationsController {
  constructor(
    private readonly consultations: ConsultationService,
    private readonly booking: ConsultationBookingService,
    private readonly availability: ConsultationAvailabilityService,
  ) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListConsultationsQueryDto): Promise<StaffConsultationView[]> {
    return this.consultations.list(principal, { from: query.from ?? startOfToday(), days: query.days ?? 14, mine: query.mine, statuses: query.status ? [query.status] : undefined });
  }

  /** 201 when booked, 200 when the idempotency key found the booking a first request made. */
  @Post()
  async book(@CurrentPrincipal() principal: Principal, @Body() body: StaffBookingDto, @Res({ passthrough: true }) res: Response): Promise<StaffConsultationView> {
    const { idempotencyKey, ...input } = body;
    const { consultation, created } = await this.booking.bookForCitizen(principal, { ...input, sourceKey: httpSourceKey(principal.userId, idempotencyKey) });
    res.status(created ? 201 : 200);
    return this.consultations.get(principal, consultation.id);
  }

  @Get('slots')
  slots(@CurrentPrincipal() principal: Principal, @Query() query: StaffSlotQueryDto): Promise<StaffSlotView[]> {
    return this.availability.slotsForStaff(principal, { from: query.from ?? new Date(), days: query.days ?? 7, timeZone: query.timeZone ?? 'Asia/Seoul', investigatorId: query.investigatorId, topicId: query.topicId });
  }

  @Get('schedule')
  schedule(@CurrentPrincipal() principal: Principal): Promise<ConsultationScheduleEntity> {
    return this.availability.getSchedule(principal);
  }

  @Put('schedule')
  setSchedule(@CurrentPrincipal() principal: Principal, @Body() body: ScheduleDto): Promise<ConsultationScheduleEntity> {
    return this.availability.setSchedule(principal, body);
  }

  @Get('schedule/exceptions')
  exceptions(@CurrentPrincipal() principal: Principal, @Query() query: FromDayQueryDto): ReturnType<ConsultationAvailabilityService['exceptions']> {
    return this.availability.exceptions(principal, query.from ?? todayInSeoul());
  }

  @Post('schedule/exceptions')
  addException(@CurrentPrincipal() principal: Principal, @Body() body: ScheduleExceptionDto): ReturnType<ConsultationAvailabilityService['addException']> {
    return this.availability.addException(principal, body);
  }

  @Delete('schedule/exceptions/:id')
  @HttpCode(204)
  removeException(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<void> {
    return this.availability.removeException(principal, id);
  }

  /** The caller's agency: its topics and its closure days from `from` (today) on. */
  @Get('agency')
  agency(@CurrentPrincipal() principal: Principal, @Query() query: FromDayQueryDto): ReturnType<ConsultationAvailabilityService['agencySettings']> {
    return this.availability.agencySettings(principal, query.from ?? todayInSeoul());
  }

  /** Agency administrators: what citizens may consult the agency about. */
  @Post('topics')
  addTopic(@CurrentPrincipal() principal: Principal, @Body() body: TopicDto): ReturnType<ConsultationAvailabilityService['addTopic']> {
    return this.availability.addTopic(principal, body);
  }

  @Delete('topics/:id')
  @HttpCode(204)
  retireTopic(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<void> {
    return this.availability.retireTopic(principal, id);
  }

  /** Agency administrators: a day the agency takes no consultations. */
  @Post('closures')
  addClosure(@CurrentPrincipal() principal: Principal, @Body() body: ClosureDto): ReturnType<ConsultationAvailabilityService['addClosure']> {
    return this.availability.addClosure(principal, body);
  }

  @Delete('closures/:id')
  @HttpCode(204)
  removeClosure(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<void> {
    return this.availability.removeClosure(principal, id);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<StaffConsultationView> {
    return this.consultations.get(principal, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<StaffConsultationView> {
    return this.consultations.cancel(principal, id);
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  reschedule(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string, @Body() body: MoveConsultationDto): Promise<StaffConsultationView> {
    return this.consultations.reschedule(principal, id, body.startsAt);
  }

  @Post(':id/no-show')
  @HttpCode(200)
  noShow(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<StaffConsultationView> {
    return this.consultations.noShow(principal, id);
  }

  @Post(':id/outcome')
  @HttpCode(200)
  outcome(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string, @Body() body: OutcomeDto): Promise<StaffConsultationView> {
    return this.consultations.recordOutcome(principal, id, body.notes);
  }
}

/** Today in Seoul as YYYY-MM-DD. */
function todayInSeoul(): string {
  return DateTime.now().setZone('Asia/Seoul').toISODate() ?? '';
}

/** Today's start in Seoul, where the agencies are. */
function startOfToday(): Date {
  return DateTime.now().setZone('Asia/Seoul').startOf('day').toJSDate();
}
