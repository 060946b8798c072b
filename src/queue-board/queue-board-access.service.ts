import { Inject, Injectable } from '@nestjs/common';
import { hkdfSync } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { IeumException } from '../common/ieum.exception.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { AccessTokenService } from '../identity/access-token.service.js';
import { UserRole, type Principal } from '../identity/identity.types.js';
import { QueueBoardException } from './queue-board.exception.js';

const AUDIENCE = 'ieum-queue-board';

/** The dashboard's path; its pass cookie is scoped to it and sent nowhere else. */
export const QUEUE_BOARD_PATH = '/admin/queues';
export const QUEUE_BOARD_COOKIE = 'ieum_qb';

/**
 * Passes to the queue dashboard. A browser navigating to a page sends no bearer token (the web
 * client keeps it in memory), so a system administrator's client asks for a pass with its token;
 * the pass is a JWT (its own HKDF-derived key, its own audience) bound to the session it came
 * from, living as long as an access token, and every request to the board checks it again:
 * signing out, being disabled or losing the role (each ends the session) closes the board at once.
 */
@Injectable()
export class QueueBoardAccess {
  private readonly key: Uint8Array;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly tokens: AccessTokenService,
  ) {
    this.key = new Uint8Array(hkdfSync('sha256', config.auth.jwtSecret, 'ieum', 'ieum queue board v1', 32));
  }

  get ttlSeconds(): number {
    return this.config.auth.accessTokenTtlSeconds;
  }

  async issue(principal: Principal): Promise<string> {
    if (!principal.roles.includes(UserRole.SystemAdmin) || !principal.sessionId)
      throw QueueBoardException.systemAdminsOnly();
    return new SignJWT({ sid: principal.sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.userId)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }

  /** Throws QUEUE_BOARD_TICKET_REQUIRED unless the pass is genuine, unexpired and its session still live. */
  async check(pass: string | undefined): Promise<void> {
    if (!pass) throw QueueBoardException.ticketRequired();
    let sub: unknown;
    let sid: unknown;
    try {
      ({
        payload: { sub, sid },
      } = await jwtVerify(pass, this.key, { audience: AUDIENCE, algorithms: ['HS256'] }));
    } catch (error) {
      if (error instanceof errors.JOSEError) throw QueueBoardException.ticketRequired();
      throw error;
    }
    if (typeof sub !== 'string' || typeof sid !== 'string') throw QueueBoardException.ticketRequired();
    await this.tokens.assertSessionLive({ sessionId: sid }).catch((error: unknown) => {
      throw error instanceof IeumException ? QueueBoardException.ticketRequired() : error;
    });
  }

  cookieOptions(maxAge: number) {
    return {
      httpOnly: true,
      sameSite: 'strict' as const,
      path: QUEUE_BOARD_PATH,
      secure: this.config.http.publicUrl.startsWith('https:'),
      maxAge,
    };
  }
}
