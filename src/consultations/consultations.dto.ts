import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
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
import { ConsultationStatus } from './consultations.types.js';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class SlotQueryDto {
  @ApiPropertyOptional({ description: 'from when (default: now)', example: '2026-12-01T00:00:00+09:00' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ example: 14 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(62)
  days?: number;

  @ApiPropertyOptional({ description: 'the time zone the slots are shown in', example: 'Asia/Seoul' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;
}

export class TopicSlotQueryDto extends SlotQueryDto {
  @ApiProperty()
  @IsUUID()
  topicId: string;
}

export class StaffSlotQueryDto extends SlotQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  investigatorId?: string;

  @ApiPropertyOptional({ description: 'only investigators who take this topic' })
  @IsOptional()
  @IsUUID()
  topicId?: string;
}

export class TopicsQueryDto {
  @ApiPropertyOptional({ description: "the agency's code (every agency's topics without it)", example: '1140100' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,32}$/)
  agency?: string;
}

export class CitizenBookingDto {
  @ApiProperty()
  @IsUUID()
  topicId: string;

  @ApiProperty({ example: '2026-12-01T05:00:00Z' })
  @Type(() => Date)
  @IsDate()
  startsAt: Date;

  @ApiProperty({ example: '홍길동' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: 'citizen@example.org' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ example: '010-1234-5678' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  phone?: string;

  @ApiProperty({ description: 'the complaint in a few sentences (요지)' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  summary: string;

  @ApiPropertyOptional({ example: '2AA-2611-0123456' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  caseNumber?: string;

  @ApiProperty({ description: 'the privacy notice was shown and accepted', example: true })
  @IsBoolean()
  @Equals(true, { message: 'privacyAccepted must be true: the privacy notice has to be accepted' })
  privacyAccepted: boolean;

  @ApiPropertyOptional({ enum: ['ko', 'en'] })
  @IsOptional()
  @IsIn(['ko', 'en'])
  locale?: 'ko' | 'en';

  @ApiPropertyOptional({ example: 'Asia/Seoul' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;
}

export class StaffBookingDto {
  @ApiProperty({ example: '2026-12-01T05:00:00Z' })
  @Type(() => Date)
  @IsDate()
  startsAt: Date;

  @ApiProperty({ example: 'citizen@example.org' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  summary: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(32)
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  caseNumber?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  topicId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  investigatorId?: string;

  @ApiPropertyOptional({ enum: ['ko', 'en'] })
  @IsOptional()
  @IsIn(['ko', 'en'])
  locale?: 'ko' | 'en';

  @ApiPropertyOptional({ description: 'sending the same key again returns the first booking' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  idempotencyKey?: string;
}

export class MoveConsultationDto {
  @ApiProperty({ example: '2026-12-02T05:00:00Z' })
  @Type(() => Date)
  @IsDate()
  startsAt: Date;
}

export class OutcomeDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  notes: string;
}

export class ListConsultationsQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ example: 14 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(92)
  days?: number;

  @ApiPropertyOptional({ description: 'only the caller’s own consultations' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => value === 'true' || value === true)
  @IsBoolean()
  mine?: boolean;

  @ApiPropertyOptional({ enum: Object.values(ConsultationStatus) })
  @IsOptional()
  @IsIn(Object.values(ConsultationStatus))
  status?: ConsultationStatus;
}

export class WeeklyRuleDto {
  @ApiProperty({ description: '1 is Monday, 7 is Sunday', example: 1 })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday: number;

  @ApiProperty({ example: '09:00' })
  @Matches(TIME, { message: 'start must be HH:mm' })
  start: string;

  @ApiProperty({ example: '12:00' })
  @Matches(TIME, { message: 'end must be HH:mm' })
  end: string;
}

export class ScheduleDto {
  @ApiPropertyOptional({ example: 'Asia/Seoul' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiProperty({ example: 30 })
  @IsInt()
  @Min(5)
  @Max(240)
  slotMinutes: number;

  @ApiPropertyOptional({ example: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(240)
  bufferBeforeMinutes?: number;

  @ApiPropertyOptional({ example: 10 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(240)
  bufferAfterMinutes?: number;

  @ApiPropertyOptional({ example: 30 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  horizonDays?: number;

  @ApiPropertyOptional({ example: 120 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(43_200)
  minNoticeMinutes?: number;

  @ApiPropertyOptional({ example: 6, nullable: true, description: 'null: no cap' })
  @IsNullable()
  @IsInt()
  @Min(1)
  @Max(100)
  dailyCap?: number | null;

  @ApiProperty({ type: [WeeklyRuleDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => WeeklyRuleDto)
  weeklyRules: WeeklyRuleDto[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID(undefined, { each: true })
  topicIds?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ScheduleExceptionDto {
  @ApiProperty({ example: '2026-12-24' })
  @Matches(DAY, { message: 'day must be YYYY-MM-DD' })
  day: string;

  @ApiProperty({ enum: ['off', 'extra'] })
  @IsIn(['off', 'extra'])
  kind: 'off' | 'extra';

  @ApiPropertyOptional({ example: '13:00' })
  @IsOptional()
  @Matches(TIME, { message: 'start must be HH:mm' })
  start?: string;

  @ApiPropertyOptional({ example: '15:00' })
  @IsOptional()
  @Matches(TIME, { message: 'end must be HH:mm' })
  end?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

export class ClosureDto {
  @ApiProperty({ example: '2026-12-31' })
  @Matches(DAY, { message: 'day must be YYYY-MM-DD' })
  day: string;

  @ApiProperty({ example: '청사 이전' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reason: string;
}

export class TopicDto {
  @ApiProperty({ example: '고충민원' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ example: 'Grievances' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  nameEn?: string;
}

export class FromDayQueryDto {
  @ApiPropertyOptional({ example: '2026-12-01', description: 'from this day on (default: today in Seoul)' })
  @IsOptional()
  @Matches(DAY, { message: 'from must be YYYY-MM-DD' })
  from?: string;
}
