import { Inject, Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import { APP_CONFIG, type ResolvedAppConfig, type SsoConfig } from '../../config/app-config.js';
import { SsoException } from './sso.exception.js';

/** What the flow keeps server-side between sending the browser away and its return. */
export interface PendingSignIn {
  codeVerifier: string;
  nonce: string;
}

export interface ProviderIdentity {
  claims: Record<string, unknown>;
  idToken: string;
}

const LOOPBACK_HTTP = /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/;

/**
 * The relying party: openid-client does discovery, PKCE, the code exchange and every check of the
 * ID token (signature from the provider's JWKS, issuer, audience, nonce, expiry). The provider's
 * metadata is fetched on first use and kept; a failed discovery is retried on the next sign-in.
 */
@Injectable()
export class OidcClientService {
  private readonly logger = new Logger(OidcClientService.name);
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: ResolvedAppConfig) {}

  get settings(): SsoConfig {
    if (!this.config.sso) throw SsoException.notConfigured();
    return this.config.sso;
  }

  async authorizationUrl(state: string): Promise<{ url: URL; pending: PendingSignIn }> {
    const provider = await this.provider();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(provider, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, pending: { codeVerifier, nonce } };
  }

  /** The provider's answer at the callback, checked and exchanged; userinfo fills claims the ID token lacks. */
  async exchange(callbackQuery: URLSearchParams, state: string, pending: PendingSignIn): Promise<ProviderIdentity> {
    const provider = await this.provider();
    const current = new URL(this.settings.redirectUri);
    current.search = callbackQuery.toString();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(provider, current, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedNonce: pending.nonce,
        expectedState: state,
        idTokenExpected: true,
      });
    } catch (error) {
      if (error instanceof oidc.AuthorizationResponseError) throw SsoException.providerRefused(safeError(error.error));
      // Never the error's whole text: it may quote what the provider sent.
      this.logger.warn(
        `sso: the code exchange was refused (${error instanceof oidc.ResponseBodyError ? safeError(error.error) : error instanceof Error ? error.name : 'unknown'})`,
      );
      throw SsoException.codeRefused();
    }
    const idClaims = tokens.claims();
    if (!idClaims || !tokens.id_token) throw SsoException.codeRefused();
    let claims: Record<string, unknown> = { ...idClaims };
    if (claims[this.settings.userClaim] === undefined && provider.serverMetadata().userinfo_endpoint) {
      try {
        claims = { ...(await oidc.fetchUserInfo(provider, tokens.access_token, idClaims.sub)), ...idClaims };
      } catch {
        throw SsoException.providerUnavailable();
      }
    }
    return { claims, idToken: tokens.id_token };
  }

  /** RP-initiated logout at the provider, when it has an end_session_endpoint. */
  async endSessionUrl(idToken: string): Promise<string | undefined> {
    if (!this.config.sso) return undefined;
    const provider = await this.provider().catch(() => undefined);
    if (!provider?.serverMetadata().end_session_endpoint) return undefined;
    return oidc.buildEndSessionUrl(provider, {
      id_token_hint: idToken,
      post_logout_redirect_uri: this.settings.postLogoutRedirectUri,
      client_id: this.settings.clientId,
    }).href;
  }

  private provider(): Promise<oidc.Configuration> {
    const settings = this.settings;
    this.configuration ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        undefined,
        oidc.ClientSecretBasic(settings.clientSecret),
        {
          execute: LOOPBACK_HTTP.test(settings.issuer) ? [oidc.allowInsecureRequests] : [],
          timeout: 10,
        },
      )
      .catch((error: unknown) => {
        this.configuration = undefined;
        this.logger.warn(
          `sso: discovery at ${settings.issuer} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        throw SsoException.providerUnavailable();
      });
    return this.configuration;
  }
}

/** An OAuth error code as the provider gave it, cut to the characters such codes use. */
function safeError(error: string): string {
  return error.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 64) || 'error';
}
