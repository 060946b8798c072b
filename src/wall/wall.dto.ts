import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsOptional } from '../common/optional.js';
import { PageQueryDto } from '../common/page-query.dto.js';

export class CreateTopicWallDto {
  @ApiProperty({ example: '적극행정 아이디어' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  allowAnonymous?: boolean;

  @ApiPropertyOptional({ description: "only the caller's agency reads it (agency administrators)" })
  @IsOptional()
  @IsBoolean()
  agencyOnly?: boolean;
}

export class WallSettingsDto {
  @ApiProperty()
  @IsBoolean()
  allowAnonymous: boolean;
}

export class WallPostDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  body: string;

  @ApiPropertyOptional({ description: 'shown without the author, where the wall allows it' })
  @IsOptional()
  @IsBoolean()
  anonymous?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'files uploaded with POST /files' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  fileIds?: string[];

  @ApiPropertyOptional({ description: 'repeat a post safely: the same key returns the first' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{8,64}$/)
  clientKey?: string;
}

export class WallCommentDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  body: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  anonymous?: boolean;
}

export class WallReportDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

export class WallFlagDto {
  @ApiProperty()
  @IsBoolean()
  on: boolean;
}

export class WallPostsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['newest', 'popular'] })
  @IsOptional()
  @IsIn(['newest', 'popular'])
  order?: 'newest' | 'popular';
}

export class WallReportsQueryDto extends PageQueryDto {}
