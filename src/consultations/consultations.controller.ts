import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { DateTime } from 'luxon';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { ConsultationAvailabilityService, type StaffSlotView } from './consultation-availability.service.js';
import { ConsultationBookingService } from './consultation-booking.service.js';
import type { ConsultationScheduleEntity } from './consultation-schedule.entity.js';
import { ConsultationSettingsService } from './consultation-settings.service.js';
import { ConsultationService, type StaffConsultationView } from './consultation.service.js';
import {
  ClosureDto,
  FromDayQueryDto,
  ListConsultationsQueryDto,
  MoveConsultationDto,
  OutcomeDto,
  ScheduleDto,
  ScheduleExceptionDto,
  StaffBookingDto,
  StaffSlotQueryDto,
  TopicDto,
} from './consultations.dto.js';
import { httpSourceKey } from '../common/idempotency.js';
import { ApiErrors, SESSION_ERRORS } from '../common/api-errors.js';
import {
  AgencyConsultationSettingsSchema,
  ConsultationClosureSchema,
  ConsultationScheduleExceptionSchema,
  ConsultationScheduleSchema,
  ConsultationTopicSchema,
  StaffConsultationViewSchema,
  StaffSlotViewSchema,
} from './consultations.responses.js';
import { Permission } from '../access/permission.decorator.js';

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
    private readonly settings: ConsultationSettingsService,
  ) {}

  @ApiOperation({ summary: "상담 예약 목록(담당자) / Consultations of the caller's agency or of the investigator" })
  @ApiOkResponse({ type: StaffConsultationViewSchema, isArray: true })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['CONSULT_NOT_COMPLAINT_STAFF', 'CONSULT_NOT_INVESTIGATOR'],
  })
  @Permission('consultation.read')
  @Get()
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListConsultationsQueryDto,
  ): Promise<StaffConsultationView[]> {
    return this.consultations.list(principal, {
      from: query.from ?? startOfToday(),
      days: query.days ?? 14,
      mine: query.mine,
      statuses: query.status ? [query.status] : undefined,
    });
  }

  /** 201 when booked, 200 when the idempotency key found the booking a first request made. */
  @ApiOperation({ summary: '상담 예약 대신 잡기 / Book a consultation for a citizen (complaint staff)' })
  @ApiCreatedResponse({ type: StaffConsultationViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['CONSULT_NOT_COMPLAINT_STAFF', 'CONSULT_NOT_INVESTIGATOR'],
    404: ['CONSULT_NOT_FOUND', 'CONSULT_TOPIC_NOT_FOUND'],
    409: ['CONSULT_DAILY_CAP_REACHED', 'CONSULT_SLOT_TAKEN', 'CONSULT_SLOT_UNAVAILABLE'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('consultation.book')
  @Post()
  async book(
    @CurrentPrincipal() principal: Principal,
    @Body() body: StaffBookingDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StaffConsultationView> {
    const { idempotencyKey, ...input } = body;
    const { consultation, created } = await this.booking.bookForCitizen(principal, {
      ...input,
      sourceKey: httpSourceKey(principal.userId, idempotencyKey),
    });
    res.status(created ? 201 : 200);
    return this.consultations.get(principal, consultation.id);
  }

  @ApiOperation({ summary: '예약 가능한 시간(담당자) / Free slots of an investigator' })
  @ApiOkResponse({ type: StaffSlotViewSchema, isArray: true })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['CONSULT_NOT_COMPLAINT_STAFF', 'CONSULT_NOT_INVESTIGATOR'],
  })
  @Permission('consultation.book')
  @Get('slots')
  slots(@CurrentPrincipal() principal: Principal, @Query() query: StaffSlotQueryDto): Promise<StaffSlotView[]> {
    return this.availability.slotsForStaff(principal, {
      from: query.from ?? new Date(),
      days: query.days ?? 7,
      timeZone: query.timeZone ?? 'Asia/Seoul',
      investigatorId: query.investigatorId,
      topicId: query.topicId,
    });
  }

  @ApiOperation({ summary: "내 상담 가능 시간표 / The investigator's weekly schedule" })
  @ApiOkResponse({ type: ConsultationScheduleSchema })
  @ApiErrors({
    401: SESSION_ERRORS,
    403: ['CONSULT_NOT_COMPLAINT_STAFF', 'CONSULT_NOT_INVESTIGATOR'],
    404: ['CONSULT_NOT_FOUND'],
  })
  @Permission('consultation.manage')
  @Get('schedule')
  schedule(@CurrentPrincipal() principal: Principal): Promise<ConsultationScheduleEntity> {
    return this.settings.getSchedule(principal);
  }

  @ApiOperation({ summary: "상담 가능 시간표 저장 / Replace the investigator's weekly schedule" })
  @ApiOkResponse({ type: ConsultationScheduleSchema })
  @ApiErrors({
    400: [
      'CONSULT_BAD_SCHEDULE',
      'CONTROL_CHARACTERS',
      'INVALID_JSON',
      'JSON_TOO_DEEP',
      'JSON_TOO_WIDE',
      'VALIDATION_FAILED',
    ],
    401: SESSION_ERRORS,
    403: ['CONSULT_NOT_COMPLAINT_STAFF', 'CONSULT_NOT_INVESTIGATOR'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('consultation.manage')
  @Put('schedule')
  setSchedule(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ScheduleDto,
  ): Promise<ConsultationScheduleEntity> {
    return this.settings.setSchedule(principal, body);
  }

  @ApiOperation({ summary: '시간표 예외 목록 / Days off and extra hours of the investigator' })
  @ApiOkResponse({ type: ConsultationScheduleExceptionSchema, isArray: true })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['CONSULT_NOT_COMPLAINT_STAFF', 'CONSULT_NOT_INVESTIGATOR'],
  })
  @Permission('consultation.manage')
  @Get('schedule/exceptions')
  exceptions(
    @CurrentPrincipal() principal: Principal,
    @Query() query: FromDayQueryDto,
  ): ReturnType<ConsultationSettingsService['exceptions']> {
    return this.settings.exceptions(principal, query.from ?? todayInSeoul());
  }

  @ApiOperation({ summary: '시간표 예외 추가 / Add a day off or extra hours' })
  @ApiCreatedResponse({ type: ConsultationScheduleExceptionSchema })
  @ApiErrors({
    400: [
      'CONSULT_BAD_SCHEDULE',
      'CONTROL_CHARACTERS',
      'INVALID_JSON',
      'JSON_TOO_DEEP',
      'JSON_TOO_WIDE',
      'VALIDATION_FAILED',
    ],
    401: SESSION_ERRORS,
    403: ['CONSULT_NOT_COMPLAINT_STAFF', 'CONSULT_NOT_INVESTIGATOR'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('consultation.manage')
  @Post('schedule/exceptions')
  addException(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ScheduleExceptionDto,
  ): ReturnType<ConsultationSettingsService['addException']> {
    return this.settings.addException(principal, body);
  }

  @ApiOperation({ summary: '시간표 예외 삭제 / Remove a day off or extra hours' })
  @ApiNoContentResponse({ description: '내용 없음 / No content' })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['CONSULT_NOT_COMPLAINT_STAFF', 'CONSULT_NOT_INVESTIGATOR'],
    404: ['CONSULT_NOT_FOUND'],
  })
  @Permission('consultation.manage')
  @Delete('schedule/exceptions/:id')
  @HttpCode(204)
  removeException(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<void> {
    return this.settings.removeException(principal, id);
  }

  /** The caller's agency: its topics and its closure days from `from` (today) on. */
  @ApiOperation({ summary: "기관 상담 주제와 휴무일 / The agency's consultation topics and closures" })
  @ApiOkResponse({ type: AgencyConsultationSettingsSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['CONSULT_NOT_COMPLAINT_STAFF'],
  })
  @Permission('consultation.read')
  @Get('agency')
  agency(
    @CurrentPrincipal() principal: Principal,
    @Query() query: FromDayQueryDto,
  ): ReturnType<ConsultationSettingsService['agencySettings']> {
    return this.settings.agencySettings(principal, query.from ?? todayInSeoul());
  }

  /** Agency administrators: what citizens may consult the agency about. */
  @ApiOperation({ summary: '상담 주제 추가 / Add a consultation topic (agency administrators)' })
  @ApiCreatedResponse({ type: ConsultationTopicSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['CONSULT_NOT_AGENCY_ADMIN'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('agency-admin')
  @Post('topics')
  addTopic(
    @CurrentPrincipal() principal: Principal,
    @Body() body: TopicDto,
  ): ReturnType<ConsultationSettingsService['addTopic']> {
    return this.settings.addTopic(principal, body);
  }

  @ApiOperation({ summary: '상담 주제 내리기 / Retire a consultation topic (agency administrators)' })
  @ApiNoContentResponse({ description: '내용 없음 / No content' })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['CONSULT_NOT_AGENCY_ADMIN'],
    404: ['CONSULT_TOPIC_NOT_FOUND'],
  })
  @Permission('agency-admin')
  @Delete('topics/:id')
  @HttpCode(204)
  retireTopic(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<void> {
    return this.settings.retireTopic(principal, id);
  }

  /** Agency administrators: a day the agency takes no consultations. */
  @ApiOperation({ summary: '기관 휴무일 추가 / Add a day the agency takes no consultations (agency administrators)' })
  @ApiCreatedResponse({ type: ConsultationClosureSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['CONSULT_NOT_AGENCY_ADMIN'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('agency-admin')
  @Post('closures')
  addClosure(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ClosureDto,
  ): ReturnType<ConsultationSettingsService['addClosure']> {
    return this.settings.addClosure(principal, body);
  }

  @ApiOperation({ summary: '기관 휴무일 삭제 / Remove an agency closure (agency administrators)' })
  @ApiNoContentResponse({ description: '내용 없음 / No content' })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['CONSULT_NOT_AGENCY_ADMIN'],
    404: ['CONSULT_NOT_FOUND'],
  })
  @Permission('agency-admin')
  @Delete('closures/:id')
  @HttpCode(204)
  removeClosure(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<void> {
    return this.settings.removeClosure(principal, id);
  }

  @ApiOperation({ summary: '상담 하나(담당자) / One consultation, as staff see it' })
  @ApiOkResponse({ type: StaffConsultationViewSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 404: ['CONSULT_NOT_FOUND'] })
  @Permission('consultation.read')
  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<StaffConsultationView> {
    return this.consultations.get(principal, id);
  }

  @ApiOperation({ summary: '상담 취소(담당자) / Cancel a consultation (staff)' })
  @ApiOkResponse({ type: StaffConsultationViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    404: ['CONSULT_NOT_FOUND'],
    409: ['CONSULT_CLOSED', 'CONSULT_OVER'],
  })
  @Permission('consultation.manage')
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<StaffConsultationView> {
    return this.consultations.cancel(principal, id);
  }

  @ApiOperation({ summary: '상담 시간 바꾸기(담당자) / Move a consultation (staff)' })
  @ApiOkResponse({ type: StaffConsultationViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    404: ['CONSULT_NOT_FOUND'],
    409: ['CONSULT_CLOSED', 'CONSULT_SLOT_TAKEN', 'CONSULT_SLOT_UNAVAILABLE'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('consultation.manage')
  @Post(':id/reschedule')
  @HttpCode(200)
  reschedule(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() body: MoveConsultationDto,
  ): Promise<StaffConsultationView> {
    return this.consultations.reschedule(principal, id, body.startsAt);
  }

  @ApiOperation({ summary: '불참 기록 / Record that the citizen did not come' })
  @ApiOkResponse({ type: StaffConsultationViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    404: ['CONSULT_NOT_FOUND'],
    409: ['CONSULT_CLOSED', 'CONSULT_NOT_STARTED'],
  })
  @Permission('consultation.manage')
  @Post(':id/no-show')
  @HttpCode(200)
  noShow(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<StaffConsultationView> {
    return this.consultations.noShow(principal, id);
  }

  @ApiOperation({ summary: '상담 결과 기록 / Record the outcome of a consultation' })
  @ApiOkResponse({ type: StaffConsultationViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    404: ['CONSULT_NOT_FOUND'],
    409: ['CONSULT_CLOSED'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('consultation.manage')
  @Post(':id/outcome')
  @HttpCode(200)
  outcome(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() body: OutcomeDto,
  ): Promise<StaffConsultationView> {
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
