import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsOptional } from '../common/optional.js';
import { USER_ROLES, type UserRole } from './identity.types.js';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const emptyToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : typeof value === 'string' ? value.trim() : value;

export class CreateUserByAdminDto {
  @ApiProperty({ example: 'yoon.seoul', description: 'sign-in name: lower-case letters, digits, . _ @ -' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.normalize('NFKC').trim().toLowerCase() : value,
  )
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._@-]{1,253}$/, {
    message:
      'login: 2-254 lower-case letters, digits, and . _ @ - (starting with a letter or digit) / 아이디는 영문 소문자·숫자와 . _ @ - 로 2~254자입니다',
  })
  login: string;

  @ApiProperty({ example: '윤서울' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1, { message: 'displayName: a name is needed / 이름을 입력하세요' })
  @MaxLength(100)
  displayName: string;

  @ApiPropertyOptional({ example: 'yoon@seoul.go.kr' })
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsEmail({}, { message: 'email: not an e-mail address / 올바른 이메일 주소가 아닙니다' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '주무관' })
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MaxLength(100)
  position?: string;

  @ApiPropertyOptional({ example: '행정과', description: 'made in the agency when it does not exist yet' })
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MaxLength(200)
  department?: string;

  @ApiPropertyOptional({ enum: USER_ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(USER_ROLES.length)
  @IsIn(USER_ROLES, { each: true, message: `roles: each is one of ${USER_ROLES.join(', ')}` })
  roles?: UserRole[];
}

export class SetRolesDto {
  @ApiProperty({ enum: USER_ROLES, isArray: true, description: 'the whole set; member is always kept' })
  @IsArray()
  @ArrayMaxSize(USER_ROLES.length)
  @IsIn(USER_ROLES, { each: true, message: `roles: each is one of ${USER_ROLES.join(', ')}` })
  roles: UserRole[];
}

export class OrgChartImportQueryDto {
  @ApiPropertyOptional({ description: 'check the file and count what it would create, writing nothing' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value,
  )
  @IsBoolean()
  dryRun?: boolean;
}
