import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsEmail,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsNullable, IsOptional } from '../common/optional.js';
import { MeetingKind } from './meetings.types.js';

export class GuestDto {
  @ApiProperty({ example: 'member@example.org' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ example: '홍길동 위원' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}

export class ScheduleMeetingDto {
  @ApiProperty({ example: '주간 점검' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ enum: [MeetingKind.Meeting, MeetingKind.AdvisoryCommittee] })
  @IsOptional()
  @IsIn([MeetingKind.Meeting, MeetingKind.AdvisoryCommittee])
  kind?: typeof MeetingKind.Meeting | typeof MeetingKind.AdvisoryCommittee;

  @ApiProperty({ example: '2026-12-01T05:00:00Z' })
  @Type(() => Date)
  @IsDate()
  startsAt: Date;

  @ApiProperty({ example: 60 })
  @IsInt()
  @Min(1)
  @Max(1440)
  durationMinutes: number;

  @ApiPropertyOptional({ example: 'Asia/Seoul' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiPropertyOptional({
    example: 'FREQ=WEEKLY;BYDAY=MO',
    nullable: true,
    description: 'an RRULE value, read in timeZone from startsAt; null or left out: once',
  })
  @IsNullable()
  @IsString()
  @MaxLength(500)
  recurrence?: string | null;

  @ApiPropertyOptional({
    type: [String],
    description: 'occurrences of the series to leave out from the start',
    example: ['2026-12-15T05:00:00Z'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Type(() => Date)
  @IsDate({ each: true })
  exdates?: Date[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  lobby?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  agenda?: string;

  @ApiPropertyOptional({ description: 'the chat room the meeting belongs to' })
  @IsOptional()
  @IsUUID()
  roomId?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  userIds?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'every public servant of these agencies, as the org chart stands when the meeting is scheduled',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  agencyIds?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  departmentIds?: string[];

  @ApiPropertyOptional({
    type: [GuestDto],
    description: 'outside people (committee members) who join by a personal link',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => GuestDto)
  guests?: GuestDto[];

  @ApiPropertyOptional({ type: [Number], example: [1440, 10] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(40_320, { each: true })
  reminderMinutes?: number[];

  @ApiPropertyOptional({
    description: 'a key of the client’s choosing: sending the same request again returns the same meeting',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{8,64}$/)
  idempotencyKey?: string;
}

export class CancelOccurrenceDto {
  @ApiProperty({ description: 'the start of the occurrence to drop', example: '2026-12-08T01:00:00Z' })
  @Type(() => Date)
  @IsDate()
  at: Date;
}

export class RescheduleMeetingDto {
  @ApiProperty()
  @Type(() => Date)
  @IsDate()
  startsAt: Date;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  durationMinutes?: number;
}

export class CalendarQueryDto {
  @ApiProperty({ example: '2026-11-30T00:00:00+09:00' })
  @Type(() => Date)
  @IsDate()
  from: Date;

  @ApiProperty({ example: '2026-12-07T00:00:00+09:00', description: 'at most 42 days after from' })
  @Type(() => Date)
  @IsDate()
  to: Date;
}

export class GuestJoinDto {
  @ApiPropertyOptional({ example: '홍길동 위원', description: 'how the room shows the guest' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;
}
