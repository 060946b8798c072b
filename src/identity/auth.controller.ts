import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Public } from './auth.decorators.js';
import { LoginDto, LogoutDto, RefreshDto, SessionDto } from './auth.dto.js';
import { AuthService, type Session } from './auth.service.js';
import type { Principal } from './identity.types.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionDto })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts; see Retry-After' })
  login(@Body() body: LoginDto, @Req() request: Request): Promise<Session> {
    return this.auth.login(body.login, body.password, request.ip ?? 'unknown');
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionDto })
  refresh(@Body() body: RefreshDto): Promise<Session> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  logout(@CurrentPrincipal() principal: Principal, @Body() body: LogoutDto): Promise<void> {
    return this.auth.logout(principal, { refreshToken: body.refreshToken, everywhere: body.everywhere });
  }
}
