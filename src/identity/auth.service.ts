import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { JobName } from '../bus/bus.constants.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { UnitOfWork, type Tx } from '../database/unit-of-work.js';
import { AccessTokenService } from './access-token.service.js';
import { IdentityException } from './identity.exception.js';
import { normaliseLogin, SessionEndReason, type Principal } from './identity.types.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordService, validatePasswordStrength } from './password.service.js';
import { RefreshTokenRepository } from './refresh-token.repository.js';
import { SessionEndHooks } from './session-end.hooks.js';
import type { UserEntity } from './user.entity.js';
import { UserRepository } from './user.repository.js';

export interface Session {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly tokens: RefreshTokenRepository,
    private readonly passwords: PasswordService,
    private readonly accessTokens: AccessTokenService,
    private readonly throttle: LoginThrottleService,
    private readonly events: EventPublisher,
    private readonly sessionEnd: SessionEndHooks,
  ) {}

  async login(rawLogin: string, password: string, address: string): Promise<Session> {
    if (!this.config.auth.passwordLoginEnabled) throw IdentityException.passwordLoginDisabled();
    const login = normaliseLogin(rawLogin);
    await this.throttle.before(login, address);
    const user = await this.users.findForLogin(login);
    const ok = await this.passwords.verify(user?.passwordHash, password);
    if (!user || !ok) {
      await this.throttle.failed(login);
      throw IdentityException.invalidCredentials();
    }
    if (user.disabledAt) throw IdentityException.disabled();
    await this.throttle.succeeded(login);
    return (await this.startSession(user, 'auth.login')).session;
  }

  /**
   * A new session for a person whose identity was proven (a password here, a provider's ID token
   * in single sign-on); `sessionId` names its refresh family, as `Principal.sessionId` will.
   */
  async startSession(
    user: UserEntity,
    action: 'auth.login' | 'auth.login.sso',
  ): Promise<{ session: Session; sessionId: string }> {
    if (user.disabledAt) throw IdentityException.disabled();
    const sessionId = randomUUID();
    return this.uow.run(async (tx) => {
      const { session } = await this.issue(tx, user, sessionId);
      await this.events.publish(tx, {
        name: JobName.AuditRecord,
        data: {
          action,
          actorId: user.id,
          subjectType: 'user',
          subjectId: user.id,
          occurredAt: new Date().toISOString(),
        },
      });
      return { session, sessionId };
    });
  }

  /** Rotates: the presented token is spent and a new one of the same family is returned. */
  async refresh(presented: string): Promise<Session> {
    const [id, secret] = presented.split('.');
    if (!id || !secret || !/^[0-9a-f-]{36}$/.test(id)) throw IdentityException.invalidToken();
    const outcome = await this.uow.run(async (tx) => {
      const token = await this.tokens.lockWithSecret(tx, id);
      if (!token?.secretHash || !safeEqual(token.secretHash, sha256(secret))) return { kind: 'invalid' as const };
      if (token.revokedAt) return { kind: 'reused' as const, familyId: token.familyId, userId: token.userId };
      if (token.expiresAt.getTime() <= Date.now()) return { kind: 'invalid' as const };
      const user = await this.users.findById(token.userId);
      if (!user || user.disabledAt) return { kind: 'invalid' as const };
      const session = await this.issue(tx, user, token.familyId);
      await this.tokens.markReplaced(tx, token.id, session.refreshTokenId);
      return { kind: 'ok' as const, session: session.session };
    });
    switch (outcome.kind) {
      case 'ok':
        return outcome.session;
      case 'reused':
        await this.tokens.revokeFamily(outcome.familyId);
        await this.end(outcome.userId, [outcome.familyId], SessionEndReason.RefreshTokenReused);
        throw IdentityException.refreshTokenReused();
      case 'invalid':
        throw IdentityException.invalidToken();
    }
  }

  /**
   * Ends this session, or every session of the person: its refresh family, every access token
   * issued in it (on every node, at once), and the sockets opened with them.
   */
  async logout(principal: Principal, options: { refreshToken?: string; everywhere?: boolean }): Promise<void> {
    const sessions = new Set(principal.sessionId ? [principal.sessionId] : []);
    if (options.everywhere) {
      for (const family of await this.tokens.revokeAllOfUser(principal.userId)) sessions.add(family);
    } else {
      const id = options.refreshToken?.split('.')[0];
      if (id && /^[0-9a-f-]{36}$/.test(id)) {
        const token = await this.tokens.findById(id);
        if (token && token.userId === principal.userId) sessions.add(token.familyId);
      }
      for (const family of sessions) await this.tokens.revokeFamily(family);
    }
    await this.end(
      principal.userId,
      [...sessions],
      options.everywhere ? SessionEndReason.SignedOutEverywhere : SessionEndReason.SignedOut,
    );
  }

  /**
   * Ends every session of a person on an administrator's word (the account disabled, a role taken
   * away): their refresh tokens, their access tokens on every node, and their sockets.
   */
  async endAllSessions(
    userId: string,
    reason:
      | typeof SessionEndReason.AccountDisabled
      | typeof SessionEndReason.RolesChanged
      | typeof SessionEndReason.PasswordChanged,
  ): Promise<void> {
    await this.end(userId, await this.tokens.revokeAllOfUser(userId), reason);
  }

  /**
   * A person changes their own password, proving the current one (attempts count like sign-ins):
   * this session goes on; every other ends at once (`PASSWORD_CHANGED`), on every node.
   */
  async changePassword(principal: Principal, current: string, next: string, address: string): Promise<void> {
    const found = await this.users.findById(principal.userId);
    const user = found && (await this.users.findForLogin(found.login));
    if (!user || user.disabledAt) throw IdentityException.unauthenticated();
    await this.throttle.before(user.login, address);
    if (!(await this.passwords.verify(user.passwordHash, current))) {
      await this.throttle.failed(user.login);
      throw IdentityException.currentPasswordWrong();
    }
    await this.throttle.succeeded(user.login);
    const weak = validatePasswordStrength(next);
    if (weak) throw IdentityException.userInvalid(weak);
    await this.users.setPasswordHash(user.id, await this.passwords.hash(next));
    const others = (await this.tokens.revokeAllOfUser(user.id, principal.sessionId)).filter(
      (id) => id !== principal.sessionId,
    );
    await this.end(user.id, others, SessionEndReason.PasswordChanged);
  }

  private async end(userId: string, sessionIds: string[], reason: SessionEndReason): Promise<void> {
    await this.accessTokens.endSessions(sessionIds, reason);
    await this.sessionEnd.run({ userId, sessionIds, reason: IdentityException.sessionEnded(reason) });
  }

  private async issue(
    tx: Tx,
    user: UserEntity,
    familyId: string,
  ): Promise<{ session: Session; refreshTokenId: string }> {
    const refreshTokenId = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    await this.tokens.insert(tx, {
      id: refreshTokenId,
      userId: user.id,
      familyId,
      secretHash: sha256(secret),
      expiresAt: new Date(Date.now() + this.config.auth.refreshTokenTtlSeconds * 1000),
    });
    const access = await this.accessTokens.issue(user, familyId);
    return {
      refreshTokenId,
      session: {
        accessToken: access.token,
        refreshToken: `${refreshTokenId}.${secret}`,
        tokenType: 'Bearer',
        expiresIn: access.expiresIn,
      },
    };
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
