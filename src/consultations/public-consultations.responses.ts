// Response shapes of the public (citizen) consultation routes, for the API document: classes for documentation only, mirroring the views the services return.
import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'PublicTopicsView' })
export class PublicTopicsViewSchema {
  @ApiProperty({
    type: () => PublicTopicsAgencySchema,
    nullable: true,
    description: "The agency asked for, or null when every agency's topics are listed.",
  })
  agency: unknown;

  @ApiProperty({ type: () => PublicTopicsTopicSchema, isArray: true })
  topics: unknown;

  @ApiProperty({
    type: () => PublicTopicsSettingsSchema,
    description:
      'For the privacy notice and the pages: how long citizen data is kept, a booking is held, and the room opens early.',
  })
  settings: unknown;
}

@ApiSchema({ name: 'PublicTopicsAgency' })
export class PublicTopicsAgencySchema {
  @ApiProperty({ type: String })
  code: unknown;

  @ApiProperty({ type: String })
  name: unknown;

  @ApiProperty({ type: String, nullable: true })
  nameEn: unknown;
}

@ApiSchema({ name: 'PublicTopicsTopic' })
export class PublicTopicsTopicSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  name: unknown;

  @ApiProperty({ type: String, nullable: true })
  nameEn: unknown;

  @ApiProperty({ type: () => PublicTopicsTopicAgencySchema })
  agency: unknown;
}

@ApiSchema({ name: 'PublicTopicsTopicAgency' })
export class PublicTopicsTopicAgencySchema {
  @ApiProperty({ type: String })
  code: unknown;

  @ApiProperty({ type: String })
  name: unknown;

  @ApiProperty({ type: String, nullable: true })
  nameEn: unknown;
}

@ApiSchema({ name: 'PublicTopicsSettings' })
export class PublicTopicsSettingsSchema {
  @ApiProperty({ type: Number })
  retentionDays: unknown;

  @ApiProperty({ type: Number })
  holdMinutes: unknown;

  @ApiProperty({ type: Number })
  joinMarginMinutes: unknown;
}

@ApiSchema({ name: 'CalendarDayView' })
export class CalendarDayViewSchema {
  @ApiProperty({ type: String })
  day: unknown;

  @ApiProperty({ enum: ['none', 'closed', 'open', 'full'], type: String })
  state: unknown;

  @ApiProperty({
    type: String,
    isArray: true,
    description:
      'Holiday names and closure reasons of a closed day; empty when the holiday calendar does not know the year.',
  })
  closedFor: unknown;

  @ApiProperty({ type: () => SlotViewSchema, isArray: true })
  slots: unknown;
}

@ApiSchema({ name: 'SlotView' })
export class SlotViewSchema {
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

@ApiSchema({ name: 'CitizenRequestView' })
export class CitizenRequestViewSchema {
  @ApiProperty({ enum: ['pending'], type: String })
  status: unknown;

  @ApiProperty({ type: String })
  startsAt: unknown;

  @ApiProperty({ type: String })
  endsAt: unknown;

  @ApiProperty({ type: String })
  holdExpiresAt: unknown;
}

@ApiSchema({ name: 'CitizenConfirmationAgency' })
export class CitizenConfirmationAgencySchema {
  @ApiProperty({ type: String })
  code: unknown;

  @ApiProperty({ type: String })
  name: unknown;

  @ApiProperty({ type: String, nullable: true })
  nameEn: unknown;
}

@ApiSchema({ name: 'CitizenConsultationView' })
export class CitizenConsultationViewSchema {
  @ApiProperty({ enum: ['completed', 'pending', 'cancelled', 'confirmed', 'no_show', 'expired'], type: String })
  status: unknown;

  @ApiProperty({ type: () => CitizenConfirmationAgencySchema })
  agency: unknown;

  @ApiProperty({ type: String, nullable: true })
  topic: unknown;

  @ApiProperty({ type: String })
  startsAt: unknown;

  @ApiProperty({ type: String })
  endsAt: unknown;

  @ApiProperty({ type: String })
  timeZone: unknown;

  @ApiProperty({ type: String, nullable: true })
  name: unknown;

  @ApiProperty({ type: String, nullable: true })
  email: unknown;

  @ApiProperty({ type: String, nullable: true })
  phone: unknown;

  @ApiProperty({ type: String, nullable: true })
  summary: unknown;

  @ApiProperty({ type: String, nullable: true })
  caseNumber: unknown;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the video room opens for them; null once it can no longer be joined.',
  })
  joinOpensAt: unknown;

  @ApiProperty({ type: String, nullable: true, description: 'When it closes again (null with joinOpensAt).' })
  joinClosesAt: unknown;

  @ApiProperty({ type: Boolean })
  canChange: unknown;
}

/** What a citizen is shown once they confirm: their booking, and the link that manages it. */
@ApiSchema({ name: 'CitizenConfirmationView' })
export class CitizenConfirmationViewSchema extends CitizenConsultationViewSchema {
  @ApiProperty({ type: String })
  manageToken: unknown;
}
