import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { CurrentPrincipal, Public } from './auth.decorators.js';
import { AuthOptionsDto, LoginDto, LogoutAnswerDto, LogoutDto, RefreshDto, SessionDto } from './auth.dto.js';
import { AuthService, type Session } from './auth.service.js';
import { IdentityException } from './identity.exception.js';
import {
  clearRefreshCookie,
  readCookie,
  REFRESH_COOKIE,
  WEB_CLIENT_HEADER,
  webSession,
  type WebSession,
} from './session-cookie.js';
import { SsoService } from './sso/sso.service.js';
import type { Principal } from './identity.types.js';
import { ApiErrors, SESSION_ERRORS } from '../common/api-errors.js';
import { Permission } from '../access/permission.decorator.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sso: SsoService,
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
  ) {}

  @ApiOperation({ summary: '로그인 / Sign in with login and password' })
  @ApiOkResponse({ type: SessionDto })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: ['INVALID_CREDENTIALS'],
    403: ['ACCOUNT_DISABLED', 'PASSWORD_LOGIN_DISABLED'],
    413: ['PAYLOAD_TOO_LARGE'],
    429: ['TOO_MANY_LOGIN_ATTEMPTS'],
  })
  @Public()
  @Permission('public')
  @Post('login')
  @HttpCode(200)
  @ApiHeader({
    name: WEB_CLIENT_HEADER,
    required: false,
    description: '`web`: keep the refresh token in an httpOnly cookie instead of the body',
  })
  async login(
    @Body() body: LoginDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Session | WebSession> {
    const session = await this.auth.login(body.login, body.password, request.ip ?? 'unknown');
    return this.answer(session, request, response);
  }

  @ApiOperation({ summary: "토큰 갱신 / Exchange a refresh token (or the web client's cookie) for a new session" })
  @ApiOkResponse({ type: SessionDto })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: ['ACCOUNT_DISABLED', 'INVALID_TOKEN', 'REFRESH_TOKEN_REUSED', 'ROLES_CHANGED', 'SIGNED_OUT'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Public()
  @Permission('public')
  @Post('refresh')
  @HttpCode(200)
  async refresh(
    @Body() body: RefreshDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Session | WebSession> {
    const presented = body.refreshToken ?? this.cookieToken(request);
    if (!presented) throw IdentityException.invalidToken();
    try {
      return this.answer(await this.auth.refresh(presented), request, response);
    } catch (error) {
      if (!body.refreshToken && this.isWeb(request)) this.clearCookie(response);
      throw error;
    }
  }

  @ApiOperation({
    summary: '로그아웃(이 세션 또는 모든 세션) / Sign out this session, or every session with everywhere',
  })
  @ApiNoContentResponse({ description: '내용 없음 / No content' })
  @ApiOkResponse({
    type: LogoutAnswerDto,
    description:
      "통합 인증(SSO)으로 시작한 세션: 인증 서버 로그아웃 주소 / A session begun through single sign-on: where to end the provider's session too",
  })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('session')
  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  async logout(
    @CurrentPrincipal() principal: Principal,
    @Body() body: LogoutDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LogoutAnswerDto | undefined> {
    await this.auth.logout(principal, {
      refreshToken: body.refreshToken ?? this.cookieToken(request),
      everywhere: body.everywhere,
    });
    if (this.isWeb(request)) this.clearCookie(response);
    const endSessionUrl = await this.sso.endSessionUrl(principal.sessionId);
    if (!endSessionUrl) return;
    response.status(200);
    return { endSessionUrl };
  }

  @ApiOperation({ summary: '로그인 방법 / How people sign in here: password, single sign-on or both' })
  @ApiOkResponse({ type: AuthOptionsDto })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS'] })
  @Public()
  @Permission('public')
  @Get('options')
  options(): AuthOptionsDto {
    return { password: this.config.auth.passwordLoginEnabled, sso: this.sso.enabled };
  }

  private isWeb(request: Request): boolean {
    return request.headers[WEB_CLIENT_HEADER] === 'web';
  }

  private cookieToken(request: Request): string | undefined {
    return this.isWeb(request) ? readCookie(request, REFRESH_COOKIE) : undefined;
  }

  private answer(session: Session, request: Request, response: Response): Session | WebSession {
    return this.isWeb(request) ? webSession(session, response, this.config) : session;
  }

  private clearCookie(response: Response): void {
    clearRefreshCookie(response, this.config);
  }
}
