import { exportJWK, generateKeyPair } from 'jose';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type ProviderAccount } from 'oidc-provider';

export interface TestIdpClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
}

export interface TestIdp {
  issuer: string;
  /** People the provider knows, by subject: the claims it gives about each. */
  accounts: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (oidc-provider) on a loopback port: authorization code with PKCE
 * required, its development login and consent pages (any subject signs in, with any password),
 * and RP-initiated logout. Started before the app so its issuer is known to the app's config.
 */
export async function startTestIdp(clients: TestIdpClient[]): Promise<TestIdp> {
  // The provider needs its issuer, which needs the port: it takes the requests once it exists.
  const route: { handler?: (request: IncomingMessage, response: ServerResponse) => void } = {};
  const server: Server = createServer((request, response) =>
    route.handler ? route.handler(request, response) : response.writeHead(503).end(),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, Record<string, unknown>>();
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: [c.redirectUri],
      post_logout_redirect_uris: [c.postLogoutRedirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'test' }] },
    cookies: { keys: ['ieum-test-idp-cookie-key-0123456789'] },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'employee_number'],
      email: ['email', 'email_verified'],
    },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    findAccount: (_ctx: unknown, sub: string): ProviderAccount | undefined =>
      accounts.has(sub) ? { accountId: sub, claims: () => ({ sub, ...accounts.get(sub) }) } : undefined,
  });
  route.handler = provider.callback();
  return {
    issuer,
    accounts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A browser without a page: cookies kept by name and path (both servers are on 127.0.0.1, as a
 * browser would share them), redirects followed by hand so a test can stop at any hop.
 */
export class CookieBrowser {
  private readonly cookies = new Map<string, { name: string; value: string; path: string }>();

  async request(
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<Response> {
    const target = new URL(url);
    const cookie = [...this.cookies.values()]
      .filter((c) => target.pathname.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...init.headers },
      body: init.body,
    });
    for (const line of response.headers.getSetCookie()) this.keep(line, target.pathname);
    return response;
  }

  cookie(name: string): string | undefined {
    return [...this.cookies.values()].find((c) => c.name === name)?.value;
  }

  private keep(line: string, requestPath: string): void {
    const [pair = '', ...attributes] = line.split(';').map((p) => p.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const attribute = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.split('=')[1];
    const path = attribute('path') ?? requestPath.replace(/\/[^/]*$/, '/');
    const expired =
      attribute('max-age') === '0' ||
      (attribute('expires') !== undefined && new Date(attribute('expires') ?? '').getTime() < Date.now());
    const key = `${name};${path}`;
    if (expired || value === '') this.cookies.delete(key);
    else this.cookies.set(key, { name, value, path });
  }
}

/**
 * Walks from the app's /auth/sso/start through the provider's login and consent pages as `subject`,
 * and stops at the redirect back to the app's callback (returned, not followed).
 */
export async function signInAtProvider(
  browser: CookieBrowser,
  startUrl: string,
  subject: string,
  callbackPrefix: string,
): Promise<string> {
  let location = startUrl;
  for (let hop = 0; hop < 20; hop++) {
    if (location.startsWith(callbackPrefix)) return location;
    const response = await browser.request(location);
    if (response.status >= 300 && response.status < 400) {
      location = new URL(response.headers.get('location') ?? '', location).href;
      continue;
    }
    const page = await response.text();
    if (response.status !== 200) throw new Error(`${location} answered ${response.status}: ${page.slice(0, 500)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="([a-z]+)"/.exec(page)?.[1];
    if (!action || !prompt) throw new Error(`no interaction form at ${location}: ${page.slice(0, 500)}`);
    const form = new URLSearchParams(prompt === 'login' ? { prompt, login: subject, password: 'any' } : { prompt });
    const submitted = await browser.request(new URL(action.replace(/&amp;/g, '&'), location).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    if (submitted.status < 300 || submitted.status >= 400)
      throw new Error(`the ${prompt} form answered ${submitted.status}: ${(await submitted.text()).slice(0, 500)}`);
    location = new URL(submitted.headers.get('location') ?? '', location).href;
  }
  throw new Error('too many redirects');
}
