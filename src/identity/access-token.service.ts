import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { hkdfSync, randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { RedisRecovery } from '../redis/redis-recovery.js';
import { RedisService } from '../redis/redis.service.js';
import { EndedSessionRepository } from './ended-session.repository.js';
import { IdentityException } from './identity.exception.js';
import {
  SESSION_END_REASONS,
  USER_KINDS,
  USER_ROLES,
  type Principal,
  type SessionEndReason,
  type UserKind,
  type UserRole,
} from './identity.types.js';

const ISSUER = 'ieum';
const AUDIENCE = 'ieum-api';

/**
 * The key access tokens are signed with, derived from JWT_SECRET for this one use (HKDF-SHA256),
 * so no other use of the secret (a citizen's manage link is an HMAC under it) shares their key.
 */
export function accessTokenKey(secret: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, 'ieum', 'ieum access tokens v1', 32));
}

/**
 * Short-lived HS256 access tokens. Each names its session (`sid`, the refresh-token family), and
 * a session that ends early (signing out) is denied for as long as any of its tokens could still
 * be valid: a key per session in Redis, read on every verify, and a row in PostgreSQL that
 * survives Redis losing its data (read instead while Redis has lost it, written back after).
 */
@Injectable()
export class AccessTokenService implements OnModuleInit {
  private readonly key: Uint8Array;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly redis: RedisService,
    private readonly recovery: RedisRecovery,
    private readonly ended: EndedSessionRepository,
  ) {
    this.key = accessTokenKey(config.auth.jwtSecret);
  }

  onModuleInit(): void {
    this.recovery.register('ended sessions', () => this.restoreEnded());
  }

  async issue(
    user: { id: string; kind: UserKind; agencyId: string | null; roles: readonly UserRole[] },
    sessionId: string = randomUUID(),
  ): Promise<{ token: string; expiresIn: number }> {
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
    const principal: Principal = {
      userId: sub,
      kind: kind as UserKind,
      agencyId: agency,
      roles: roles as UserRole[],
      tokenId: jti,
      tokenExpiresAt: exp,
      sessionId: sid,
    };
    await this.assertSessionLive(principal);
    return principal;
  }

  /** Throws, saying why, when the principal's session has ended (a socket checks again once it has joined its channels). */
  async assertSessionLive(principal: Pick<Principal, 'sessionId'>): Promise<void> {
    if (!principal.sessionId) return;
    const [cached, epoch] = await this.redis.client.mget(this.endedKey(principal.sessionId), this.recovery.epochKey);
    // No epoch: Redis lost its data and has not been given it back yet; PostgreSQL knows.
    const ended = cached ?? (epoch === null ? await this.ended.reasonOf(principal.sessionId) : null);
    if (ended === null) return;
    throw SESSION_END_REASONS.includes(ended as SessionEndReason)
      ? IdentityException.sessionEnded(ended as SessionEndReason)
      : IdentityException.invalidToken();
  }

  /** Refuses every access token of these sessions from now on, on every node. */
  async endSessions(sessionIds: readonly string[], reason: SessionEndReason): Promise<void> {
    if (sessionIds.length === 0) return;
    // A refresh that raced the sign-out may have issued a token a moment after it: a minute's margin covers it.
    const ttl = this.config.auth.accessTokenTtlSeconds + 60;
    const expiresAt = new Date(Date.now() + ttl * 1000);
    await this.ended.record(sessionIds, reason, expiresAt);
    const pipeline = this.redis.client.pipeline();
    for (const id of new Set(sessionIds)) pipeline.set(this.endedKey(id), reason, 'EX', ttl);
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
  }

  /** Writes back every ended session whose tokens may still be valid; returns how many. */
  private async restoreEnded(): Promise<number> {
    const rows = await this.ended.listUnexpired();
    const pipeline = this.redis.client.pipeline();
    for (const row of rows)
      pipeline.set(this.endedKey(row.sessionId), row.reason, 'PX', Math.max(1, row.expiresAt.getTime() - Date.now()));
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
    return rows.length;
  }

  private endedKey(sessionId: string): string {
    return this.redis.key('ended-session', sessionId);
  }
}
