import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, MaxLength, MinLength } from 'class-validator';
import { IsOptional } from '../common/optional.js';

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  login: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

export class RefreshDto {
  @ApiPropertyOptional({
    description: 'The refresh token; the web client sends none and its httpOnly cookie is read instead',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}

export class LogoutDto {
  @ApiPropertyOptional({ description: 'The refresh token of this session, so its whole family is revoked' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;

  @ApiPropertyOptional({ description: 'Sign out every session of this user' })
  @IsOptional()
  @IsBoolean()
  everywhere?: boolean;
}

export class SessionDto {
  @ApiProperty() accessToken: string;
  @ApiPropertyOptional({ description: 'absent for the web client, whose refresh token is an httpOnly cookie' })
  refreshToken?: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'seconds until the access token expires' }) expiresIn: number;
}

export class LogoutAnswerDto {
  @ApiProperty({ description: "the provider's end-session address (RP-initiated logout); the client navigates there" })
  endSessionUrl: string;
}

export class AuthOptionsDto {
  @ApiProperty({ description: 'whether POST /auth/login accepts a password' }) password: boolean;
  @ApiProperty({ description: 'whether single sign-on (GET /auth/sso/start) is set up' }) sso: boolean;
}

export class ChangePasswordDto {
  @ApiProperty({ description: 'the password in use now' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  currentPassword: string;

  @ApiProperty({ description: 'at least 10 characters' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  newPassword: string;
}
