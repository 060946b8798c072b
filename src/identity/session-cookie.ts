import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { Request, Response } from 'express';
import type { ResolvedAppConfig } from '../config/app-config.js';
import type { Session } from './auth.service.js';

/**
 * The web client asks for cookie sessions with this header: its refresh token then lives in an
 * httpOnly, SameSite=Strict cookie scoped to /auth, out of reach of page scripts. A cross-site page
 * cannot send a custom header without a CORS preflight (which this API never grants), so the
 * cookie is only ever read on a request the client itself made.
 */
export const WEB_CLIENT_HEADER = 'x-ieum-client';
export const REFRESH_COOKIE = 'ieum_rt';

export type WebSession = Omit<Session, 'refreshToken'>;

export function readCookie(request: Request, name: string): string | undefined {
  return request.headers.cookie ? parseCookies(request.headers.cookie)[name] : undefined;
}

export function cookieBase(config: ResolvedAppConfig) {
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    path: '/auth',
    secure: config.http.publicUrl.startsWith('https:'),
  };
}

/** Sets the refresh cookie and returns the session without the token. */
export function webSession(session: Session, response: Response, config: ResolvedAppConfig): WebSession {
  response.append(
    'Set-Cookie',
    serializeCookie(REFRESH_COOKIE, session.refreshToken, {
      ...cookieBase(config),
      maxAge: config.auth.refreshTokenTtlSeconds,
    }),
  );
  const { refreshToken: _kept, ...rest } = session;
  return rest;
}

export function clearRefreshCookie(response: Response, config: ResolvedAppConfig): void {
  response.append('Set-Cookie', serializeCookie(REFRESH_COOKIE, '', { ...cookieBase(config), maxAge: 0 }));
}
