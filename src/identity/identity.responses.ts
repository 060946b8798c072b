// Response shapes for the API document: classes for documentation only, mirroring the views the services return.
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { NamedRefSchema } from '../common/common.responses.js';

@ApiSchema({ name: 'AdminAgencyTree' })
export class AdminAgencyTreeSchema {
  @ApiProperty({
    type: () => AdminAgencyNodeSchema,
    isArray: true,
    description: 'The agencies the caller administers, each with those under it.',
  })
  roots: unknown;

  @ApiProperty({ type: Boolean })
  systemAdmin: unknown;
}

@ApiSchema({ name: 'AdminAgencyNode' })
export class AdminAgencyNodeSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  code: unknown;

  @ApiProperty({ type: String })
  name: unknown;

  @ApiProperty({
    enum: [
      'central_ministry',
      'metropolitan_government',
      'basic_government',
      'eup_myeon_dong',
      'public_institution',
      'advisory_committee',
    ],
    type: String,
  })
  kind: unknown;

  @ApiProperty({ type: Number, description: 'Active people in this agency itself (not those under it).' })
  userCount: unknown;

  @ApiProperty({ type: () => AdminAgencyNodeSchema, isArray: true })
  children: unknown;
}

@ApiSchema({ name: 'AdminAgencyUsers' })
export class AdminAgencyUsersSchema {
  @ApiProperty({ type: () => AdminAgencyUsersAgencySchema })
  agency: unknown;

  @ApiProperty({ type: () => AdminUserViewSchema, isArray: true })
  users: unknown;
}

@ApiSchema({ name: 'AdminAgencyUsersAgency' })
export class AdminAgencyUsersAgencySchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  code: unknown;

  @ApiProperty({ type: String })
  name: unknown;

  @ApiProperty({
    enum: [
      'central_ministry',
      'metropolitan_government',
      'basic_government',
      'eup_myeon_dong',
      'public_institution',
      'advisory_committee',
    ],
    type: String,
  })
  kind: unknown;
}

@ApiSchema({ name: 'AdminUserView' })
export class AdminUserViewSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ enum: ['staff', 'citizen', 'committee_member', 'bot'], type: String })
  kind: unknown;

  @ApiProperty({ type: String })
  login: unknown;

  @ApiProperty({ type: String })
  displayName: unknown;

  @ApiProperty({ type: String, nullable: true })
  email: unknown;

  @ApiProperty({ type: String, nullable: true })
  position: unknown;

  @ApiProperty({ type: String, nullable: true })
  department: unknown;

  @ApiProperty({
    enum: ['member', 'agency_admin', 'system_admin', 'complaint_investigator'],
    type: String,
    isArray: true,
  })
  roles: unknown;

  @ApiProperty({ type: String, nullable: true })
  disabledAt: unknown;
}

@ApiSchema({ name: 'CreatedUser' })
export class CreatedUserSchema {
  @ApiProperty({ type: () => AdminUserViewSchema })
  user: unknown;

  @ApiProperty({ type: String })
  initialPassword: unknown;
}

@ApiSchema({ name: 'ImportOrgChartResponse' })
export class ImportOrgChartResponseSchema {
  @ApiProperty({ type: () => OrgChartProblemSchema, isArray: true })
  problems: unknown;

  @ApiProperty({ type: Number })
  agenciesCreated: unknown;

  @ApiProperty({ type: Number })
  departmentsSeen: unknown;

  @ApiProperty({ type: Number })
  usersCreated: unknown;

  @ApiProperty({ type: Number, description: 'In Ieum already, with something the file changes.' })
  usersUpdated: unknown;

  @ApiProperty({ type: Number, description: 'In Ieum already, exactly as the file has them.' })
  usersUnchanged: unknown;

  @ApiProperty({
    type: Number,
    description: "Left out of the file under --sync: active public servants of the file's agencies, now disabled.",
  })
  usersDisabled: unknown;

  @ApiProperty({
    type: String,
    isArray: true,
    description: 'In the file but disabled in Ieum: an import never enables anyone again (an administrator does).',
  })
  usersLeftDisabled: unknown;

  @ApiProperty({
    type: () => OrgChartUserChangeSchema,
    isArray: true,
    description: "Every person created, updated or disabled, in the file's order (the disabled last).",
  })
  changes: unknown;

  @ApiProperty({ type: Boolean })
  dryRun: unknown;
}

@ApiSchema({ name: 'OrgChartProblem' })
export class OrgChartProblemSchema {
  @ApiProperty({ type: Number })
  line: unknown;

  @ApiProperty({ type: String, isArray: true })
  problems: unknown;
}

@ApiSchema({ name: 'OrgChartUserChange' })
export class OrgChartUserChangeSchema {
  @ApiProperty({ type: String })
  login: unknown;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: "The file's line; null for a person the file leaves out (disabled by a sync).",
  })
  line: unknown;

  @ApiProperty({ enum: ['updated', 'created', 'disabled'], type: String })
  outcome: unknown;

  @ApiProperty({
    type: () => OrgChartUserChangeFieldSchema,
    isArray: true,
    description: 'For `updated`: each field that changes, as it was and as it becomes.',
  })
  fields: unknown;
}

@ApiSchema({ name: 'OrgChartUserChangeField' })
export class OrgChartUserChangeFieldSchema {
  @ApiProperty({ enum: ['email', 'displayName', 'position', 'agency', 'department', 'roles'], type: String })
  field: unknown;

  @ApiProperty({ type: String, nullable: true })
  from: unknown;

  @ApiProperty({ type: String, nullable: true })
  to: unknown;
}

@ApiSchema({ name: 'DirectoryPage' })
export class DirectoryPageSchema {
  @ApiProperty({ type: () => DirectoryPersonSchema, isArray: true })
  items: unknown;

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last.' })
  nextCursor: unknown;
}

@ApiSchema({ name: 'DirectoryPerson' })
export class DirectoryPersonSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  login: unknown;

  @ApiProperty({ type: String })
  displayName: unknown;

  @ApiProperty({ type: String, nullable: true })
  position: unknown;

  @ApiProperty({ type: () => NamedRefSchema, nullable: true })
  agency: unknown;

  @ApiProperty({ type: () => NamedRefSchema, nullable: true })
  department: unknown;
}

@ApiSchema({ name: 'DepartmentSummary' })
export class DepartmentSummarySchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  name: unknown;

  @ApiProperty({ type: Number, description: 'Active public servants in it.' })
  memberCount: unknown;
}

@ApiSchema({ name: 'MeResponse' })
export class MeResponseSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  kind: unknown;

  @ApiProperty({ type: String })
  login: unknown;

  @ApiProperty({ type: String })
  displayName: unknown;

  @ApiProperty({ type: String, nullable: true })
  email: unknown;

  @ApiProperty({ type: String, nullable: true })
  position: unknown;

  @ApiProperty({ type: String, isArray: true })
  roles: unknown;

  @ApiProperty({ type: String })
  locale: unknown;

  @ApiProperty({ type: String })
  timeZone: unknown;

  @ApiProperty({ type: () => MeResponseAgencySchema, nullable: true })
  agency: unknown;

  @ApiProperty({ type: () => NamedRefSchema, nullable: true })
  department: unknown;
}

@ApiSchema({ name: 'MeResponseAgency' })
export class MeResponseAgencySchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  code: unknown;

  @ApiProperty({ type: String })
  name: unknown;

  @ApiProperty({ type: String })
  kind: unknown;
}

@ApiSchema({ name: 'AgencyNode' })
export class AgencyNodeSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  code: unknown;

  @ApiProperty({ type: String })
  name: unknown;

  @ApiProperty({
    enum: [
      'central_ministry',
      'metropolitan_government',
      'basic_government',
      'eup_myeon_dong',
      'public_institution',
      'advisory_committee',
    ],
    type: String,
  })
  kind: unknown;

  @ApiProperty({ type: () => AgencyNodeSchema, isArray: true })
  children: unknown;
}
