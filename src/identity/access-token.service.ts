import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { RedisService } from '../redis/redis.service.js';
import { IdentityException } from './identity.exception.js';
import { SESSION_END_REASONS, USER_KINDS, USER_ROLES, type Principal, type SessionEndReason, type UserKind, type UserRole } from './identity.types.js';

const ISSUER = 'ieum';
const AUDIENCE = 'ieum-api';

/**
 * Short-lived HS256 access tokens. Each names its session (`sid`, the refresh-token family), and
 * a session that ends early (signing out) is denied in Redis for as long as any of its tokens
 * could still be valid: one key per session, read on every verify.
 */
@Injectable()
export class AccessTokenService {
  private readonly key: Uint8Array;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly redis: RedisService,
  ) {
    this.key = new TextEncoder().encode(config.auth.jwtSecret);
  }

  async issue(user: { id: string; kind: UserKind; agencyId: string | null; roles: readonly UserRole[] }, sessionId: string = randomUUID()): Promise<{ token: string; expiresIn: number }> {
    const expiresIn = this.config.auth.accessTokenTtlSeconds;
    const token = await new SignJWT({ kind: user.kind, agency: user.agencyId, roles: [...user.roles], sid: sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .sign(this.key);
    return { token, expiresIn };
  }

  async verify(token: string): Promise<Principal> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] }));
    } catch (error) {
      if (error instanceof errors.JOSEError) throw IdentityException.invalidToken();
      throw error;
    }
    const { sub, jti, exp, kind, agency, roles, sid } = payload;
    if (
      typeof sub !== 'string' ||
      typeof jti !== 'string' ||
      typeof exp !== 'number' ||
      typeof sid !== 'string' ||
      !USER_KINDS.includes(kind as UserKind) ||
      !(agency === null || typeof agency === 'string') ||
      !Array.isArray(roles) ||
      !roles.every((r) => USER_ROLES.includes(r as UserRole))
    ) {
      throw IdentityException.invalidToken();
    }
    const principal: Principal = { userId: sub, kind: kind as UserKind, agencyId: agency, roles: roles as UserRole[], tokenId: jti, tokenExpiresAt: exp, sessionId: sid };
    await this.assertSessionLive(principal);
    return principal;
  }

  /** Throws, saying why, when the principal's session has ended (a socket checks again once it has joined its channels). */
  async assertSessionLive(principal: Principal): Promise<void> {
    if (!principal.sessionId) return;
    const ended = await this.redis.client.get(this.endedKey(principal.sessionId));
    if (ended === null) return;
    throw SESSION_END_REASONS.includes(ended as SessionEndReason) ? IdentityException.sessionEnded(ended as SessionEndReason) : IdentityException.invalidToken();
  }

  /** Refuses every access token of these sessions from now on, on every node. */
  async endSessions(sessionIds: readonly string[], reason: SessionEndReason): Promise<void> {
    if (sessionIds.length === 0) return;
    // A refresh that raced the sign-out may have issued a token a moment after it: a minute's margin covers it.
    const ttl = this.config.auth.accessTokenTtlSeconds + 60;
    const pipeline = this.redis.client.pipeline();
    for (const id of new Set(sessionIds)) pipeline.set(this.endedKey(id), reason, 'EX', ttl);
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
  }

  private endedKey(sessionId: string): string {
    return this.redis.key('ended-session', sessionId);
  }
}
