import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../common/page-query.dto.js';

/** C0 control characters other than tab and line breaks: never typed by a person. */
const C0 = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F';
const NO_CONTROL_CHARACTERS = new RegExp(`^[^${C0}]*$`);

export class DirectoryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '김행', description: "part of a person's name or sign-in name (Korean inside words too)" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(NO_CONTROL_CHARACTERS, { message: '$property must not contain control characters (NUL and the like)' })
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
