import { Controller, Get, Inject, Logger, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { serialize as serializeCookie } from 'cookie';
import type { Request, Response } from 'express';
import { APP_CONFIG, type ResolvedAppConfig } from '../../config/app-config.js';
import { IeumException } from '../../common/ieum.exception.js';
import { Public } from '../auth.decorators.js';
import { readCookie, webSession } from '../session-cookie.js';
import { SIGN_IN_TTL_SECONDS } from './sso-state.store.js';
import { SsoException, SsoExceptionCode } from './sso.exception.js';
import { SsoService } from './sso.service.js';
import { refusalPage } from './refusal-page.js';
import { Permission } from '../../access/permission.decorator.js';

/** Ties a sign-in in flight to the browser that began it (SameSite=Lax: the provider's redirect back is a top-level GET). */
const BINDING_COOKIE = 'ieum_sso';

/**
 * The browser's side of single sign-on: both routes are navigations, not API calls, so they answer
 * with redirects, and a refusal is a page (with its code, in Korean and English), not JSON.
 */
@ApiExcludeController()
@Controller('auth/sso')
export class SsoController {
  private readonly logger = new Logger(SsoController.name);

  constructor(
    private readonly sso: SsoService,
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
  ) {}

  @Public()
  @Permission('public')
  @Get('start')
  async start(@Query('next') next: unknown, @Res() response: Response): Promise<void> {
    try {
      const { url, binding } = await this.sso.start(typeof next === 'string' ? next : undefined);
      response.append(
        'Set-Cookie',
        serializeCookie(BINDING_COOKIE, binding, { ...this.bindingCookie(), maxAge: SIGN_IN_TTL_SECONDS }),
      );
      response.setHeader('Cache-Control', 'no-store');
      response.redirect(302, url);
    } catch (error) {
      this.refuse(response, error);
    }
  }

  @Public()
  @Permission('public')
  @Get('callback')
  async callback(@Req() request: Request, @Res() response: Response): Promise<void> {
    const query = new URLSearchParams(request.originalUrl.split('?')[1] ?? '');
    response.setHeader('Cache-Control', 'no-store');
    try {
      const { session, next } = await this.sso.finish(query, readCookie(request, BINDING_COOKIE));
      this.clearBinding(response);
      webSession(session, response, this.config);
      response.redirect(302, `${this.config.http.publicUrl}${next}`);
    } catch (error) {
      // A forged or stale state spent nothing: the sign-in this browser has in flight may still return.
      if (!(error instanceof SsoException && error.code === SsoExceptionCode.StateInvalid)) this.clearBinding(response);
      this.refuse(response, error);
    }
  }

  private refuse(response: Response, error: unknown): void {
    if (!(error instanceof IeumException)) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    const page = refusalPage(error instanceof IeumException ? error : undefined, `${this.config.http.publicUrl}/login`);
    response.status(page.status).type('html').send(page.html);
  }

  private clearBinding(response: Response): void {
    response.append('Set-Cookie', serializeCookie(BINDING_COOKIE, '', { ...this.bindingCookie(), maxAge: 0 }));
  }

  private bindingCookie() {
    return {
      httpOnly: true,
      sameSite: 'lax' as const,
      path: '/auth/sso',
      secure: this.config.http.publicUrl.startsWith('https:'),
    };
  }
}
