import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ROLES, type AppConfig, type Role } from './app-config.js';
import { isSensitive } from './env-helpers.js';
import { EnvironmentVariables } from './env.schema.js';
import { SsoEnvironmentVariables } from './sso-env.schema.js';

export interface ConfigProblem {
  key: string;
  problems: string[];
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} key${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.key}: ${p.problems.join('; ')}`).join('\n'),
    );
    this.name = 'ConfigValidationError';
  }
}

function describe(errors: ValidationError[]): ConfigProblem[] {
  return errors.map((error) => ({
    key: error.property,
    // class-validator messages never contain the value unless a message template asks for it;
    // ours never do, so sensitive values cannot leak through here.
    problems: Object.values(error.constraints ?? { invalid: `${error.property} is invalid` }).map((m) =>
      isSensitive(error.property) ? m.replace(String(error.value), '***') : m,
    ),
  }));
}

/**
 * Reads and validates the environment; throws ConfigValidationError naming every bad key.
 * `terminal`: whether stdout is a terminal, where logs default to the readable format.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  terminal: boolean = process.stdout.isTTY === true,
): AppConfig {
  // Empty values count as unset, so `FOO=` in a .env file means "use the default".
  const raw = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const vars = plainToInstance(EnvironmentVariables, raw);
  const ssoVars = plainToInstance(SsoEnvironmentVariables, raw);
  const options = { skipMissingProperties: false, forbidUnknownValues: false };
  const errors = [...validateSync(vars, options), ...validateSync(ssoVars, options)];
  if (errors.length > 0) throw new ConfigValidationError(describe(errors));
  const badAddresses = (vars.METRICS_ALLOWED_ADDRESSES ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a.length > 0 && !isAddressOrRange(a));
  if (badAddresses.length > 0)
    throw new ConfigValidationError([
      { key: 'METRICS_ALLOWED_ADDRESSES', problems: [`not an IP address or CIDR range: ${badAddresses.join(', ')}`] },
    ]);

  const roles = new Set<Role>(
    (vars.IEUM_ROLES ?? ROLES.join(','))
      .split(',')
      .map((r) => r.trim())
      .filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
  );
  const port = vars.PORT ?? 3000;
  const host = vars.HOST ?? '0.0.0.0';
  return {
    roles,
    dataDir: path.resolve(vars.IEUM_DATA_DIR ?? '.data'),
    logLevel: vars.LOG_LEVEL ?? 'info',
    logFormat:
      vars.LOG_FORMAT === 'json' || vars.LOG_FORMAT === 'pretty' ? vars.LOG_FORMAT : terminal ? 'pretty' : 'json',
    http: {
      host,
      port,
      publicUrl: (vars.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
      trustProxy: trustProxy(vars.TRUST_PROXY),
    },
    web: { dir: resolveWebDir(vars.WEB_DIR) },
    database: { url: vars.DATABASE_URL, poolSize: vars.DATABASE_POOL_SIZE ?? 10 },
    redis: { url: vars.REDIS_URL },
    bus: { prefix: vars.BUS_PREFIX ?? 'ieum', lockSeconds: vars.JOB_LOCK_SECONDS ?? 10 },
    auth: {
      jwtSecret: vars.JWT_SECRET,
      accessTokenTtlSeconds: vars.ACCESS_TOKEN_TTL_SECONDS ?? 900,
      refreshTokenTtlSeconds: vars.REFRESH_TOKEN_TTL_SECONDS ?? 30 * 86400,
      loginMaxFailuresPerAccount: vars.LOGIN_MAX_FAILURES_PER_ACCOUNT ?? 5,
      loginMaxAttemptsPerAddress: vars.LOGIN_MAX_ATTEMPTS_PER_ADDRESS ?? 30,
      loginWindowSeconds: vars.LOGIN_WINDOW_SECONDS ?? 60,
      passwordLoginEnabled: ssoVars.PASSWORD_LOGIN_ENABLED ?? true,
    },
    sso: ssoConfig(ssoVars, (vars.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '')),
    mail: {
      domain: vars.MAIL_DOMAIN ?? 'ieum.localhost',
      smtpPort: vars.SMTP_PORT ?? 2525,
      smtpMaxBytes: vars.SMTP_MAX_BYTES ?? 25 * 1024 * 1024,
      senderPerHour: vars.MAIL_SENDER_PER_HOUR ?? 60,
      dnsServers: (vars.MAIL_DNS_SERVERS ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
      imap:
        vars.IMAP_URL && vars.IMAP_ROOM_ID
          ? {
              url: vars.IMAP_URL,
              roomId: vars.IMAP_ROOM_ID,
              mailbox: vars.IMAP_MAILBOX ?? 'INBOX',
              intervalMs: vars.IMAP_POLL_MS ?? 60_000,
            }
          : undefined,
      smtpTls:
        vars.SMTP_TLS_KEY_FILE && vars.SMTP_TLS_CERT_FILE
          ? { keyFile: path.resolve(vars.SMTP_TLS_KEY_FILE), certFile: path.resolve(vars.SMTP_TLS_CERT_FILE) }
          : undefined,
      driver: vars.MAIL_DRIVER === 'smtp' || vars.MAIL_DRIVER === 'log' ? vars.MAIL_DRIVER : 'mailbox',
      smtpUrl: vars.MAIL_SMTP_URL,
      mailbox: {
        copy: vars.MAIL_MAILBOX_COPY ?? false,
        keep: vars.MAIL_MAILBOX_KEEP ?? 500,
        days: vars.MAIL_MAILBOX_DAYS ?? 14,
      },
      from: vars.MAIL_FROM ?? `"Ieum 이음" <no-reply@${vars.MAIL_DOMAIN ?? 'ieum.localhost'}>`,
    },
    jitsi: {
      domain: vars.JITSI_DOMAIN,
      appId: vars.JITSI_APP_ID,
      appSecret: vars.JITSI_APP_SECRET,
      marginMinutes: vars.JITSI_TOKEN_MARGIN_MINUTES ?? 10,
      webhookToken: vars.JITSI_WEBHOOK_TOKEN,
      publicAllowedForCitizens: vars.JITSI_PUBLIC_ALLOWED_FOR_CITIZENS ?? false,
    },
    webhooks: {
      allowedHosts: list(vars.WEBHOOK_ALLOWED_HOSTS),
      dnsServers: list(vars.WEBHOOK_DNS_SERVERS),
      timeoutMs: vars.WEBHOOK_TIMEOUT_MS ?? 10_000,
      maxResponseBytes: 64 * 1024,
      incomingPerMinute: vars.WEBHOOK_IN_PER_MINUTE ?? 60,
    },
    metrics: {
      allowedAddresses: (vars.METRICS_ALLOWED_ADDRESSES ?? 'loopback')
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a.length > 0),
      token: vars.METRICS_TOKEN,
      port: vars.METRICS_PORT,
    },
    documents: {
      key: vars.DOCUMENTS_KEY,
      sweepMs: vars.DOCUMENTS_SWEEP_MS ?? 60_000,
      parkAfter: vars.DOCUMENTS_PARK_AFTER ?? 5,
      allowedHosts: (vars.DOCUMENTS_ALLOWED_HOSTS ?? '')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h.length > 0),
    },
    seedDemo: vars.SEED_DEMO ?? true,
    files: {
      driver: vars.FILES_DRIVER === 'postgres' || vars.FILES_DRIVER === 's3' ? vars.FILES_DRIVER : 'folder',
      dir: path.resolve(vars.FILES_DIR ?? path.join(vars.IEUM_DATA_DIR ?? '.data', 'files')),
      maxBytes: vars.FILES_MAX_BYTES ?? 50 * 1024 * 1024,
      s3:
        vars.FILES_DRIVER === 's3' && vars.S3_BUCKET && vars.S3_ACCESS_KEY_ID && vars.S3_SECRET_ACCESS_KEY
          ? {
              bucket: vars.S3_BUCKET,
              region: vars.S3_REGION ?? 'us-east-1',
              endpoint: vars.S3_ENDPOINT,
              forcePathStyle: vars.S3_FORCE_PATH_STYLE ?? vars.S3_ENDPOINT !== undefined,
              accessKeyId: vars.S3_ACCESS_KEY_ID,
              secretAccessKey: vars.S3_SECRET_ACCESS_KEY,
            }
          : undefined,
    },
    digest: { quietMinutes: vars.DIGEST_QUIET_MINUTES ?? 30 },
    memos: { nudgeHours: vars.MEMO_NUDGE_HOURS ?? 24 },
    wall: { writesPerHour: vars.WALL_WRITES_PER_HOUR ?? 60 },
    tasks: {
      reminderMinutes: vars.TASK_REMINDER_MINUTES
        ? [...new Set(vars.TASK_REMINDER_MINUTES.split(',').map((m) => Number(m.trim())))].sort((a, b) => b - a)
        : [1440, 0],
      digestHour: vars.TASK_DIGEST_HOUR ?? 9,
    },
    matrix:
      vars.MATRIX_HOMESERVER_URL && vars.MATRIX_SERVER_NAME && vars.MATRIX_AS_TOKEN && vars.MATRIX_HS_TOKEN
        ? {
            homeserverUrl: vars.MATRIX_HOMESERVER_URL.replace(/\/+$/, ''),
            serverName: vars.MATRIX_SERVER_NAME.toLowerCase(),
            asToken: vars.MATRIX_AS_TOKEN,
            hsToken: vars.MATRIX_HS_TOKEN,
            userPrefix: vars.MATRIX_USER_PREFIX ?? 'ieum_',
            appserviceId: 'ieum',
            appserviceUrl: (vars.MATRIX_APPSERVICE_URL ?? vars.PUBLIC_URL ?? `http://localhost:${port}`).replace(
              /\/+$/,
              '',
            ),
            retryBaseMs: vars.MATRIX_RETRY_BASE_MS ?? 1000,
            retryMaxMs: vars.MATRIX_RETRY_MAX_MS ?? 300_000,
          }
        : undefined,
    consultations: {
      holdMinutes: vars.CONSULT_HOLD_MINUTES ?? 30,
      joinMarginMinutes: vars.CONSULT_JOIN_MARGIN_MINUTES ?? 5,
      reminderMinutes: vars.CONSULT_REMINDER_MINUTES
        ? [...new Set(vars.CONSULT_REMINDER_MINUTES.split(',').map((m) => Number(m.trim())))].sort((a, b) => b - a)
        : [1440, 10],
      retentionDays: vars.CONSULT_RETENTION_DAYS ?? 365,
      holidaysFile: vars.CONSULT_HOLIDAYS_FILE ? path.resolve(vars.CONSULT_HOLIDAYS_FILE) : undefined,
    },
  };
}

function ssoConfig(vars: SsoEnvironmentVariables, publicUrl: string): AppConfig['sso'] {
  if (!vars.OIDC_ISSUER || !vars.OIDC_CLIENT_ID || !vars.OIDC_CLIENT_SECRET) return undefined;
  return {
    issuer: vars.OIDC_ISSUER,
    clientId: vars.OIDC_CLIENT_ID,
    clientSecret: vars.OIDC_CLIENT_SECRET,
    redirectUri: vars.OIDC_REDIRECT_URI ?? `${publicUrl}/auth/sso/callback`,
    postLogoutRedirectUri: vars.OIDC_POST_LOGOUT_REDIRECT_URI ?? `${publicUrl}/login`,
    scopes: vars.OIDC_SCOPES ?? 'openid profile email',
    userClaim: vars.OIDC_USER_CLAIM ?? 'preferred_username',
    userField: vars.OIDC_USER_FIELD === 'email' ? 'email' : 'login',
    jitDepartmentId: vars.OIDC_JIT_DEPARTMENT_ID,
  };
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** `loopback`, an IPv4 or IPv6 address, or one with a /prefix that fits it. */
export function isAddressOrRange(entry: string): boolean {
  if (entry === 'loopback') return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}

/** Express's `trust proxy`: a hop count, or the addresses of the proxies whose X-Forwarded-For is believed. */
function trustProxy(value: string | undefined): string | number {
  if (value === undefined) return 'loopback';
  return /^\s*\d+\s*$/.test(value) ? Number(value) : value.trim();
}

/**
 * The client `vite build` writes beside the built server (dist/web next to dist/src). Run from the
 * sources (jest), the built one in dist/ of the working directory is used when it is there.
 */
function resolveWebDir(given: string | undefined): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = given ? [path.resolve(given)] : [path.resolve(here, '../../web'), path.resolve('dist/web')];
  return candidates.find(
    (dir) => existsSync(path.join(dir, 'index.html')) && existsSync(path.join(dir, '.vite/manifest.json')),
  );
}
