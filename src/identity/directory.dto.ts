import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, MaxLength } from 'class-validator';
import { IsOptional } from '../common/optional.js';
import { PageQueryDto } from '../common/page-query.dto.js';

export class DirectoryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    example: '김행',
    description: "part of a person's name or sign-in name (Korean inside words too)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'only people of this agency' })
  @IsOptional()
  @IsUUID()
  agencyId?: string;

  @ApiPropertyOptional({ description: 'only people of this department' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;
}
