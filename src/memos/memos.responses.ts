// Response shapes for the API document: classes for documentation only, mirroring the views the services return.
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { FileViewSchema } from '../files/files.responses.js';

@ApiSchema({ name: 'MemoView' })
export class MemoViewSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  ref: unknown;

  @ApiProperty({ type: String })
  title: unknown;

  @ApiProperty({ type: String })
  body: unknown;

  @ApiProperty({ type: () => MemoAuthorSchema })
  author: unknown;

  @ApiProperty({ type: String, nullable: true })
  deadlineAt: unknown;

  @ApiProperty({ type: Boolean })
  opinionRequested: unknown;

  @ApiProperty({ type: Boolean, description: 'Open for opinions: before the deadline (or with none).' })
  open: unknown;

  @ApiProperty({ type: () => MemoAddresseeSchema, isArray: true })
  addressees: unknown;

  @ApiProperty({ type: () => FileViewSchema, isArray: true })
  files: unknown;

  @ApiProperty({ type: String })
  createdAt: unknown;

  @ApiPropertyOptional({ type: () => MemoCountsSchema, description: "The author's counts; absent for recipients." })
  counts?: unknown;

  @ApiPropertyOptional({
    type: () => MemoMineSchema,
    description: "The caller's own receipt, when they are a recipient.",
  })
  mine?: unknown;
}

@ApiSchema({ name: 'MemoAuthor' })
export class MemoAuthorSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  displayName: unknown;

  @ApiProperty({ type: String })
  agencyName: unknown;
}

@ApiSchema({ name: 'MemoAddressee' })
export class MemoAddresseeSchema {
  @ApiProperty({ enum: ['agency', 'department', 'user'], type: String })
  kind: unknown;

  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  name: unknown;
}

@ApiSchema({ name: 'MemoCounts' })
export class MemoCountsSchema {
  @ApiProperty({ type: Number })
  total: unknown;

  @ApiProperty({ type: Number, description: "Recipients the memo bot's DM has reached." })
  delivered: unknown;

  @ApiProperty({ type: Number })
  read: unknown;

  @ApiProperty({ type: Number })
  acknowledged: unknown;

  @ApiProperty({ type: Number })
  opinions: unknown;
}

@ApiSchema({ name: 'MemoMine' })
export class MemoMineSchema {
  @ApiProperty({ type: String, nullable: true })
  deliveredAt: unknown;

  @ApiProperty({ type: String, nullable: true })
  readAt: unknown;

  @ApiProperty({ type: String, nullable: true })
  acknowledgedAt: unknown;

  @ApiProperty({ type: String, nullable: true })
  opinion: unknown;

  @ApiProperty({ type: String, nullable: true })
  opinionAt: unknown;

  @ApiProperty({ type: () => FileViewSchema, isArray: true })
  files: unknown;
}

@ApiSchema({ name: 'MemoStatus' })
export class MemoStatusSchema {
  @ApiProperty({ type: String })
  memoId: unknown;

  @ApiProperty({ type: () => MemoStatusMissingSchema, isArray: true })
  missing: unknown;

  @ApiProperty({ type: () => MemoStatusRowSchema, isArray: true })
  rows: unknown;

  @ApiProperty({ type: Number })
  total: unknown;

  @ApiProperty({ type: Number, description: "Recipients the memo bot's DM has reached." })
  delivered: unknown;

  @ApiProperty({ type: Number })
  read: unknown;

  @ApiProperty({ type: Number })
  acknowledged: unknown;

  @ApiProperty({ type: Number })
  opinions: unknown;
}

@ApiSchema({ name: 'MemoStatusMissing' })
export class MemoStatusMissingSchema {
  @ApiProperty({ type: String })
  userId: unknown;

  @ApiProperty({ type: String })
  displayName: unknown;

  @ApiProperty({ type: String, nullable: true })
  agencyName: unknown;
}

@ApiSchema({ name: 'MemoStatusRow' })
export class MemoStatusRowSchema {
  @ApiProperty({ type: String })
  userId: unknown;

  @ApiProperty({ type: String })
  displayName: unknown;

  @ApiProperty({ type: String, nullable: true })
  agencyName: unknown;

  @ApiProperty({ enum: ['agency', 'department', 'user'], type: String })
  via: unknown;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "When the memo bot's DM reached them; null until it is posted.",
  })
  deliveredAt: unknown;

  @ApiProperty({ type: String, nullable: true })
  readAt: unknown;

  @ApiProperty({ type: String, nullable: true })
  acknowledgedAt: unknown;

  @ApiProperty({ type: String, nullable: true })
  opinion: unknown;

  @ApiProperty({ type: String, nullable: true })
  opinionAt: unknown;

  @ApiProperty({ type: () => FileViewSchema, isArray: true })
  files: unknown;

  @ApiProperty({ type: Boolean })
  answered: unknown;
}

@ApiSchema({ name: 'NudgeResponse' })
export class NudgeResponseSchema {
  @ApiProperty({ type: Number })
  nudging: unknown;

  @ApiProperty({ type: Number })
  recentlyNudged: unknown;
}
