// Response shapes of the staff consultation routes, for the API document: classes for documentation only, mirroring the views the services return (the citizen routes' are in public-consultations.responses.ts).
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { NamedRefSchema } from '../common/common.responses.js';

@ApiSchema({ name: 'StaffConsultationView' })
export class StaffConsultationViewSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ enum: ['completed', 'pending', 'cancelled', 'confirmed', 'no_show', 'expired'], type: String })
  status: unknown;

  @ApiProperty({ type: String })
  agencyId: unknown;

  @ApiProperty({ type: String, nullable: true })
  topicId: unknown;

  @ApiProperty({ type: () => NamedRefSchema })
  investigator: unknown;

  @ApiProperty({ type: String, nullable: true })
  meetingId: unknown;

  @ApiProperty({ type: String })
  startsAt: unknown;

  @ApiProperty({ type: String })
  endsAt: unknown;

  @ApiProperty({ enum: ['staff', 'citizen'], type: String })
  bookedVia: unknown;

  @ApiProperty({ type: () => StaffConsultationCitizenSchema })
  citizen: unknown;

  @ApiProperty({ type: String, nullable: true })
  summary: unknown;

  @ApiProperty({ type: String, nullable: true })
  caseNumber: unknown;

  @ApiProperty({ type: String, nullable: true })
  outcomeNotes: unknown;

  @ApiProperty({ type: String, nullable: true })
  confirmedAt: unknown;

  @ApiProperty({ type: String, nullable: true })
  cancelledAt: unknown;

  @ApiProperty({ type: String, nullable: true })
  noShowAt: unknown;

  @ApiProperty({ type: Boolean })
  anonymised: unknown;
}

@ApiSchema({ name: 'StaffConsultationCitizen' })
export class StaffConsultationCitizenSchema {
  @ApiProperty({ type: String, nullable: true })
  name: unknown;

  @ApiProperty({ type: String, nullable: true })
  email: unknown;

  @ApiProperty({ type: String, nullable: true })
  phone: unknown;

  @ApiProperty({ type: String })
  timeZone: unknown;

  @ApiProperty({ enum: ['ko', 'en'], type: String })
  locale: unknown;
}

@ApiSchema({ name: 'StaffSlotView' })
export class StaffSlotViewSchema {
  @ApiProperty({ type: String })
  investigatorId: unknown;

  @ApiProperty({ type: String })
  investigatorName: unknown;

  @ApiProperty({ type: String })
  startsAt: unknown;

  @ApiProperty({ type: String })
  endsAt: unknown;

  @ApiProperty({
    type: String,
    description: 'The start as a wall-clock time in the time zone asked for ("2026-12-01 14:00").',
  })
  local: unknown;
}

@ApiSchema({ name: 'ConsultationSchedule' })
export class ConsultationScheduleSchema {
  @ApiProperty({ type: String })
  investigatorId: unknown;

  @ApiProperty({ type: String })
  agencyId: unknown;

  @ApiProperty({ type: String })
  timeZone: unknown;

  @ApiProperty({ type: Number })
  slotMinutes: unknown;

  @ApiProperty({ type: Number })
  bufferBeforeMinutes: unknown;

  @ApiProperty({ type: Number })
  bufferAfterMinutes: unknown;

  @ApiProperty({ type: Number })
  horizonDays: unknown;

  @ApiProperty({ type: Number })
  minNoticeMinutes: unknown;

  @ApiProperty({ type: Number, nullable: true })
  dailyCap: unknown;

  @ApiProperty({ type: () => WeeklyRuleSchema, isArray: true })
  weeklyRules: unknown;

  @ApiProperty({
    type: String,
    isArray: true,
    description: 'The topics this investigator takes; empty for every topic of the agency.',
  })
  topicIds: unknown;

  @ApiProperty({ type: Boolean })
  active: unknown;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: unknown;
}

@ApiSchema({ name: 'WeeklyRule' })
export class WeeklyRuleSchema {
  @ApiProperty({ type: Number, description: 'ISO weekday: 1 is Monday, 7 is Sunday.' })
  weekday: unknown;

  @ApiProperty({ type: String, description: '"HH:mm"' })
  start: unknown;

  @ApiProperty({ type: String, description: '"HH:mm", after start' })
  end: unknown;
}

@ApiSchema({ name: 'ConsultationScheduleException' })
export class ConsultationScheduleExceptionSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  investigatorId: unknown;

  @ApiProperty({ type: String, description: '"YYYY-MM-DD" in the investigator\'s time zone.' })
  day: unknown;

  @ApiProperty({ enum: ['off', 'extra'], type: String })
  kind: unknown;

  @ApiProperty({ type: String, nullable: true, description: '"HH:mm:ss", or null with end_time for a whole day off.' })
  startTime: unknown;

  @ApiProperty({ type: String, nullable: true })
  endTime: unknown;

  @ApiProperty({ type: String, nullable: true })
  note: unknown;
}

@ApiSchema({ name: 'AgencyConsultationSettings' })
export class AgencyConsultationSettingsSchema {
  @ApiProperty({ type: () => ConsultationTopicSchema, isArray: true })
  topics: unknown;

  @ApiProperty({ type: () => ConsultationClosureSchema, isArray: true })
  closures: unknown;
}

@ApiSchema({ name: 'ConsultationTopic' })
export class ConsultationTopicSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  agencyId: unknown;

  @ApiProperty({ type: String })
  name: unknown;

  @ApiProperty({ type: String, nullable: true })
  nameEn: unknown;

  @ApiProperty({ type: Boolean })
  active: unknown;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: unknown;
}

@ApiSchema({ name: 'ConsultationClosure' })
export class ConsultationClosureSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  agencyId: unknown;

  @ApiProperty({ type: String })
  day: unknown;

  @ApiProperty({ type: String })
  reason: unknown;

  @ApiProperty({ type: String, nullable: true })
  createdBy: unknown;
}
