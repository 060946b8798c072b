import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, type ResolvedAppConfig } from '../../config/app-config.js';
import { hasControlCharacters } from '../../common/control-characters.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { AgencyRepository } from '../agency.repository.js';
import { AuthService, type Session } from '../auth.service.js';
import { DirectoryService } from '../directory.service.js';
import { IdentityException, IdentityExceptionCode } from '../identity.exception.js';
import { normaliseLogin, UserKind } from '../identity.types.js';
import type { UserEntity } from '../user.entity.js';
import { UserRepository } from '../user.repository.js';
import { OidcClientService } from './oidc-client.service.js';
import { SsoException } from './sso.exception.js';
import { SsoStateStore } from './sso-state.store.js';

/** Control characters or any space: nothing a sign-in name, an e-mail address or a path holds. */
const unfit = (text: string) => hasControlCharacters(text) || /\s/.test(text);
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Where to land in the web client: a path of this origin only, never another site. */
export function safeNext(next: string | undefined): string {
  return next &&
    next.startsWith('/') &&
    !next.startsWith('//') &&
    !next.startsWith('/\\') &&
    !next.startsWith('/login') &&
    next.length <= 512 &&
    !unfit(next)
    ? next
    : '/rooms';
}

/**
 * Single sign-on through OpenID Connect (authorization code with PKCE): the person proves who they
 * are at the provider, is matched to the directory by a configured claim (or created in a default
 * department when that is configured), and gets the same session a password sign-in gives.
 */
@Injectable()
export class SsoService {
  private readonly logger = new Logger(SsoService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly oidc: OidcClientService,
    private readonly store: SsoStateStore,
    private readonly auth: AuthService,
    private readonly users: UserRepository,
    private readonly agencies: AgencyRepository,
    private readonly directory: DirectoryService,
    private readonly uow: UnitOfWork,
  ) {}

  get enabled(): boolean {
    return this.config.sso !== undefined;
  }

  /** The provider's address to send the browser to, and the value its httpOnly cookie must carry back. */
  async start(next: string | undefined): Promise<{ url: string; binding: string }> {
    const state = randomBytes(32).toString('base64url');
    const binding = randomBytes(32).toString('base64url');
    const { url, pending } = await this.oidc.authorizationUrl(state);
    await this.store.put(state, { ...pending, bindingHash: this.store.hash(binding), next: safeNext(next) });
    return { url: url.href, binding };
  }

  /** The browser's return from the provider: state checked and spent, code exchanged, person found, session begun. */
  async finish(query: URLSearchParams, binding: string | undefined): Promise<{ session: Session; next: string }> {
    if (!this.enabled) throw SsoException.notConfigured();
    const state = query.get('state');
    if (!state || state.length > 512) throw SsoException.stateInvalid();
    const pending = await this.store.take(state);
    if (!pending || !binding || !sameHash(pending.bindingHash, this.store.hash(binding)))
      throw SsoException.stateInvalid();
    const identity = await this.oidc.exchange(query, state, pending);
    const user = await this.person(identity.claims);
    const { session, sessionId } = await this.auth.startSession(user, 'auth.login.sso');
    await this.store.keepIdToken(sessionId, identity.idToken, this.config.auth.refreshTokenTtlSeconds);
    return { session, next: pending.next };
  }

  /** Where to send the browser so the provider's session ends too, when this Ieum session began there. */
  async endSessionUrl(sessionId: string | undefined): Promise<string | undefined> {
    if (!sessionId || !this.enabled) return undefined;
    const idToken = await this.store.takeIdToken(sessionId);
    return idToken ? this.oidc.endSessionUrl(idToken) : undefined;
  }

  private async person(claims: Record<string, unknown>): Promise<UserEntity> {
    const { userClaim, userField, jitDepartmentId } = this.oidc.settings;
    const raw = claims[userClaim];
    const value = typeof raw === 'string' || typeof raw === 'number' ? normaliseLogin(String(raw)) : '';
    if (!value || value.length > 254 || unfit(value) || (userField === 'email' && !EMAIL.test(value)))
      throw SsoException.claimMissing(userClaim);
    const found = await this.users.findByLoginOrEmail(userField, value);
    // A guest invited by the same address is not the public servant: only staff accounts count.
    const staff = found.filter((u) => u.kind === UserKind.Staff);
    if (staff.length > 1) throw SsoException.userAmbiguous();
    const user = staff[0];
    if (user) {
      if (user.disabledAt) throw IdentityException.disabled();
      return user;
    }
    if (found.length > 0) throw SsoException.notStaff();
    if (!jitDepartmentId) throw SsoException.userUnknown();
    return this.createJustInTime(value, claims, jitDepartmentId);
  }

  /** A public servant of the default department, with no password: they only ever sign in here. */
  private async createJustInTime(
    value: string,
    claims: Record<string, unknown>,
    departmentId: string,
  ): Promise<UserEntity> {
    const department = await this.agencies.findDepartmentById(departmentId);
    const agency = department && (await this.agencies.findById(department.agencyId));
    if (!department || !agency) {
      this.logger.error(`sso: OIDC_JIT_DEPARTMENT_ID ${departmentId} names no department; unknown people are refused`);
      throw SsoException.userUnknown();
    }
    const name = typeof claims['name'] === 'string' ? claims['name'].trim().slice(0, 100) : '';
    const claimedEmail = typeof claims['email'] === 'string' ? claims['email'].trim().toLowerCase() : '';
    const email =
      this.oidc.settings.userField === 'email'
        ? value
        : EMAIL.test(claimedEmail) && claimedEmail.length <= 254
          ? claimedEmail
          : null;
    try {
      return await this.uow.run((tx) =>
        this.directory.createUserIn(
          tx,
          {
            kind: UserKind.Staff,
            login: value,
            displayName: name && !hasControlCharacters(name) && !/[\r\n\t]/.test(name) ? name : value,
            email,
            agencyCode: agency.code,
            departmentName: department.name,
          },
          null,
          null,
        ),
      );
    } catch (error) {
      // Their first sign-in in two tabs at once: the other created them.
      if (error instanceof IdentityException && error.code === IdentityExceptionCode.LoginTaken) {
        const [created] = await this.users.findByLoginOrEmail('login', value);
        if (created?.kind === UserKind.Staff) return created;
      }
      throw error;
    }
  }
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
