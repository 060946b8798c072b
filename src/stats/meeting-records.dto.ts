import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDate,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsOptional } from '../common/optional.js';
import { MeetingKind } from '../meetings/meetings.types.js';

export class MeetingRecordDto {
  @ApiPropertyOptional({
    description: 'the id in the system the record comes from; a record imported twice is kept once',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/)
  externalId?: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @ApiProperty({ enum: Object.values(MeetingKind) })
  @IsIn(Object.values(MeetingKind))
  kind: MeetingKind;

  @ApiProperty({ example: '1741000' })
  @IsString()
  @MaxLength(32)
  agencyCode: string;

  @ApiProperty()
  @Type(() => Date)
  @IsDate()
  startedAt: Date;

  @ApiProperty()
  @Type(() => Date)
  @IsDate()
  endedAt: Date;

  @ApiProperty({ description: 'how many people took part' })
  @IsInt()
  @Min(0)
  @Max(10_000)
  participants: number;
}

export class ImportMeetingRecordsDto {
  @ApiProperty({ type: [MeetingRecordDto] })
  @IsArray()
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => MeetingRecordDto)
  records: MeetingRecordDto[];
}
