// Response shapes for the API document: classes for documentation only, mirroring the views the services return.
import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'MeetingReport' })
export class MeetingReportSchema {
  @ApiProperty({ type: Number })
  year: unknown;

  @ApiProperty({ type: String })
  timeZone: unknown;

  @ApiProperty({
    type: () => MeetingReportAgencySchema,
    nullable: true,
    description:
      "The one agency the figures are limited to (an agency administrator's own), or null for the whole government.",
  })
  agency: unknown;

  @ApiProperty({ type: () => MeetingReportMonthSchema, isArray: true })
  months: unknown;

  @ApiProperty({ type: () => MeetingReportTotalSchema })
  total: unknown;

  @ApiProperty({ type: () => MeetingReportByAgencySchema, isArray: true })
  byAgency: unknown;
}

@ApiSchema({ name: 'MeetingReportAgency' })
export class MeetingReportAgencySchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  code: unknown;

  @ApiProperty({ type: String })
  name: unknown;
}

@ApiSchema({ name: 'MeetingReportMonth' })
export class MeetingReportMonthSchema {
  @ApiProperty({ type: Number })
  meetings: unknown;

  @ApiProperty({ type: Number })
  participants: unknown;

  @ApiProperty({ type: Number })
  minutes: unknown;

  @ApiProperty({ type: Number })
  month: unknown;

  @ApiProperty({ type: () => MeetingReportMonthByKindSchema })
  byKind: unknown;
}

@ApiSchema({ name: 'MeetingReportMonthByKind' })
export class MeetingReportMonthByKindSchema {
  @ApiProperty({ type: Number })
  advisory_committee: unknown;

  @ApiProperty({ type: Number })
  meeting: unknown;

  @ApiProperty({ type: Number })
  consultation: unknown;
}

@ApiSchema({ name: 'MeetingReportTotal' })
export class MeetingReportTotalSchema {
  @ApiProperty({ type: Number })
  meetings: unknown;

  @ApiProperty({ type: Number })
  participants: unknown;

  @ApiProperty({ type: Number })
  minutes: unknown;

  @ApiProperty({ type: () => MeetingReportMonthByKindSchema })
  byKind: unknown;
}

@ApiSchema({ name: 'MeetingReportByAgency' })
export class MeetingReportByAgencySchema {
  @ApiProperty({ type: String })
  agencyId: unknown;

  @ApiProperty({ type: String })
  code: unknown;

  @ApiProperty({ type: String })
  name: unknown;

  @ApiProperty({ type: Number, isArray: true })
  months: unknown;

  @ApiProperty({ type: Number })
  total: unknown;
}

@ApiSchema({ name: 'ImportRecordsResponse' })
export class ImportRecordsResponseSchema {
  @ApiProperty({ type: Number })
  imported: unknown;

  @ApiProperty({ type: Number })
  skipped: unknown;
}
