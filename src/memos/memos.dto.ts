import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsIn,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsOptional } from '../common/optional.js';

export class SendMemoDto {
  @ApiProperty({ example: '2027년 예산 편성 의견 조회' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  body: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  userIds?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  departmentIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'whole agencies: every active member at send time' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  agencyIds?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  deadlineAt?: Date;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  opinionRequested?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'files uploaded with POST /files' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  fileIds?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{8,64}$/)
  idempotencyKey?: string;
}

export class OpinionDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  text: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'files uploaded with POST /files; replaces the files given before',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  fileIds?: string[];
}

export class ListMemosQueryDto {
  @ApiPropertyOptional({ enum: ['inbox', 'sent'] })
  @IsOptional()
  @IsIn(['inbox', 'sent'])
  box?: 'inbox' | 'sent';
}
