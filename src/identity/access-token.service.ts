import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { RedisService } from '../redis/redis.service.js';
import { IdentityException } from './identity.exception.js';
import { USER_KINDS, USER_ROLES, type Principal, type UserKind, type UserRole } from './identity.types.js';

const ISSUER = 'ieum';
const AUDIENCE = 'ieum-api';

/** Short-lived HS256 access tokens, with a Redis deny-list for the ones signed out early. */
@Injectable()
export class AccessTokenService {
  private readonly key: Uint8Array;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly redis: RedisService,
  ) {
    this.key = new TextEncoder().encode(config.auth.jwtSecret);
  }

  async issue(user: { id: string; kind: UserKind; agencyId: string | null; roles: readonly UserRole[] }): Promise<{ token: string; expiresIn: number }> {
    const expiresIn = this.config.auth.accessTokenTtlSeconds;
    const token = await new SignJWT({ kind: user.kind, agency: user.agencyId, roles: [...user.roles] })
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
    const { sub, jti, exp, kind, agency, roles } = payload;
    if (
      typeof sub !== 'string' ||
      typeof jti !== 'string' ||
      typeof exp !== 'number' ||
      !USER_KINDS.includes(kind as UserKind) ||
      !(agency === null || typeof agency === 'string') ||
      !Array.isArray(roles) ||
      !roles.every((r) => USER_ROLES.includes(r as UserRole))
    ) {
      throw IdentityException.invalidToken();
    }
    if ((await this.redis.client.exists(this.revokedKey(jti))) === 1) throw IdentityException.invalidToken();
    return { userId: sub, kind: kind as UserKind, agencyId: agency, roles: roles as UserRole[], tokenId: jti, tokenExpiresAt: exp };
  }

  async revoke(principal: Principal): Promise<void> {
    const ttl = principal.tokenExpiresAt - Math.floor(Date.now() / 1000);
    if (ttl > 0) await this.redis.client.set(this.revokedKey(principal.tokenId), '1', 'EX', ttl);
  }

  private revokedKey(jti: string): string {
    return this.redis.key('revoked-jti', jti);
  }
}
