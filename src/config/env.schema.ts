import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

const SENSITIVE = new Set<string>();

/** Marks a variable whose value must never be printed, logged or echoed in an error. */
export function Sensitive(): PropertyDecorator {
  return (_target, key) => {
    SENSITIVE.add(String(key));
  };
}

export function isSensitive(key: string): boolean {
  return SENSITIVE.has(key);
}

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
export const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return value;
};
const PROXY_ENTRY = String.raw`(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)`;
const TRUST_PROXY = new RegExp(String.raw`^\s*(\d{1,2}|${PROXY_ENTRY}(\s*,\s*${PROXY_ENTRY})*)\s*$`);
const ADDRESS_ENTRY = String.raw`(loopback|[0-9a-fA-F.:]+(\/\d{1,3})?)`;
const METRICS_ADDRESSES = new RegExp(String.raw`^\s*${ADDRESS_ENTRY}(\s*,\s*${ADDRESS_ENTRY})*\s*$`);
const ROLE_LIST = /^\s*(api|worker|smtp)(\s*,\s*(api|worker|smtp))*\s*$/;

/**
 * Every environment variable Ieum reads. Nothing is required for a first run: without
 * DATABASE_URL an embedded PostgreSQL starts, without REDIS_URL a local or spawned Redis is used.
 */
export class EnvironmentVariables {
  @IsOptional()
  @Matches(ROLE_LIST, { message: 'IEUM_ROLES must be a comma-separated list of api, worker, smtp' })
  IEUM_ROLES?: string;

  @IsOptional()
  @IsString()
  IEUM_DATA_DIR?: string;

  @IsOptional()
  @IsString()
  WEB_DIR?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  /** json: one JSON object a line; pretty: one readable line each. Unset: pretty on a terminal, JSON otherwise. */
  @IsOptional()
  @IsIn(['json', 'pretty'], { message: 'LOG_FORMAT must be json or pretty' })
  LOG_FORMAT?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PUBLIC_URL?: string;

  @IsOptional()
  @Matches(TRUST_PROXY, { message: 'TRUST_PROXY must be a number of proxy hops, or a comma-separated list of loopback, linklocal, uniquelocal, IP addresses and CIDR ranges' })
  TRUST_PROXY?: string;

  /** Who may read /metrics without a token: loopback, IP addresses and CIDR ranges, comma-separated. */
  @IsOptional()
  @Matches(METRICS_ADDRESSES, { message: 'METRICS_ALLOWED_ADDRESSES must be a comma-separated list of loopback, IP addresses and CIDR ranges' })
  METRICS_ALLOWED_ADDRESSES?: string;

  /** A bearer token that opens /metrics from any address. */
  @Sensitive()
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'METRICS_TOKEN must be at least 32 characters' })
  METRICS_TOKEN?: string;

  /** Where a process without the api role serves /health, /ready and /metrics; unset: such a process serves no HTTP. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT?: number;

  @Sensitive()
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE?: number;

  @Sensitive()
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_-]*$/i, { message: 'BUS_PREFIX may hold letters, digits, - and _ only' })
  BUS_PREFIX?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(600)
  JOB_LOCK_SECONDS?: number;

  @Sensitive()
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(300)
  REFRESH_TOKEN_TTL_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_ACCOUNT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_ATTEMPTS_PER_ADDRESS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_WINDOW_SECONDS?: number;

  @IsOptional()
  @Matches(/^(?=.{1,253}$)([a-z0-9-]+\.)*[a-z0-9-]+$/i, { message: 'MAIL_DOMAIN must be a domain name' })
  MAIL_DOMAIN?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  SMTP_PORT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(2 ** 31 - 1)
  SMTP_MAX_BYTES?: number;

  @IsOptional()
  @IsString()
  SMTP_TLS_KEY_FILE?: string;

  @ValidateIf((env: EnvironmentVariables) => env.SMTP_TLS_KEY_FILE !== undefined)
  @IsString({ message: 'SMTP_TLS_CERT_FILE is required when SMTP_TLS_KEY_FILE is set' })
  SMTP_TLS_CERT_FILE?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  MAIL_SENDER_PER_HOUR?: number;

  /** Comma-separated DNS servers for mail authentication lookups, e.g. 10.0.0.53 or 127.0.0.1:5353. */
  @IsOptional()
  @Matches(/^\s*[0-9a-fA-F.:[\]]+(\s*,\s*[0-9a-fA-F.:[\]]+)*\s*$/, { message: 'MAIL_DNS_SERVERS must be comma-separated IP addresses, each optionally with :port' })
  MAIL_DNS_SERVERS?: string;

  /** imap://user:password@host:port or imaps://…; never logged. */
  @Sensitive()
  @IsOptional()
  @IsUrl({ protocols: ['imap', 'imaps'], require_tld: false, require_protocol: true }, { message: 'IMAP_URL must be an imap:// or imaps:// URL' })
  IMAP_URL?: string;

  @ValidateIf((env: EnvironmentVariables) => env.IMAP_URL !== undefined)
  @IsUUID('all', { message: 'IMAP_ROOM_ID (the room that receives the mailbox) is required when IMAP_URL is set' })
  IMAP_ROOM_ID?: string;

  @IsOptional()
  @IsString()
  IMAP_MAILBOX?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  IMAP_POLL_MS?: number;

  @IsOptional()
  @Matches(/^(?=.{1,253}$)([a-z0-9-]+\.)*[a-z0-9-]+$/i, { message: 'JITSI_DOMAIN must be a domain name' })
  JITSI_DOMAIN?: string;

  @ValidateIf((env: EnvironmentVariables) => env.JITSI_DOMAIN !== undefined)
  @IsString({ message: 'JITSI_APP_ID is required when JITSI_DOMAIN is set' })
  JITSI_APP_ID?: string;

  @Sensitive()
  @ValidateIf((env: EnvironmentVariables) => env.JITSI_DOMAIN !== undefined)
  @IsString({ message: 'JITSI_APP_SECRET is required when JITSI_DOMAIN is set' })
  @MinLength(32, { message: 'JITSI_APP_SECRET must be at least 32 characters' })
  JITSI_APP_SECRET?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(120)
  JITSI_TOKEN_MARGIN_MINUTES?: number;

  /**
   * Without JITSI_DOMAIN video goes to the public meet.jit.si, where anyone with a room's address
   * can enter. Citizens' consultations go there only when the operator says so here.
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'JITSI_PUBLIC_ALLOWED_FOR_CITIZENS must be true or false' })
  JITSI_PUBLIC_ALLOWED_FOR_CITIZENS?: boolean;

  @Sensitive()
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JITSI_WEBHOOK_TOKEN must be at least 32 characters' })
  JITSI_WEBHOOK_TOKEN?: string;

  /** Hosts, IP addresses and CIDR ranges outgoing webhooks may reach though they are private, comma-separated. */
  @IsOptional()
  @Matches(/^\s*[A-Za-z0-9.:[\]/_-]+(\s*,\s*[A-Za-z0-9.:[\]/_-]+)*\s*$/, { message: 'WEBHOOK_ALLOWED_HOSTS must be comma-separated host names, IP addresses or CIDR ranges' })
  WEBHOOK_ALLOWED_HOSTS?: string;

  @IsOptional()
  @Matches(/^\s*[0-9a-fA-F.:[\]]+(\s*,\s*[0-9a-fA-F.:[\]]+)*\s*$/, { message: 'WEBHOOK_DNS_SERVERS must be comma-separated IP addresses, each optionally with :port' })
  WEBHOOK_DNS_SERVERS?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  WEBHOOK_IN_PER_MINUTE?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO?: boolean;

  @IsOptional()
  @IsIn(['folder', 'postgres', 's3'], { message: 'FILES_DRIVER must be folder, postgres or s3' })
  FILES_DRIVER?: string;

  @ValidateIf((env: EnvironmentVariables) => env.FILES_DRIVER === 's3')
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET (a bucket name) is required with FILES_DRIVER=s3' })
  S3_BUCKET?: string;

  @IsOptional()
  @IsString()
  S3_REGION?: string;

  /** An S3-compatible endpoint (MinIO, Ceph RGW, a cloud's object storage); AWS when unset. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true }, { message: 'S3_ENDPOINT must be an http(s) URL' })
  S3_ENDPOINT?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE?: boolean;

  @ValidateIf((env: EnvironmentVariables) => env.FILES_DRIVER === 's3')
  @IsString({ message: 'S3_ACCESS_KEY_ID is required with FILES_DRIVER=s3' })
  S3_ACCESS_KEY_ID?: string;

  @Sensitive()
  @ValidateIf((env: EnvironmentVariables) => env.FILES_DRIVER === 's3')
  @IsString({ message: 'S3_SECRET_ACCESS_KEY is required with FILES_DRIVER=s3' })
  S3_SECRET_ACCESS_KEY?: string;

  @IsOptional()
  @IsString()
  FILES_DIR?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(2 ** 31 - 1)
  FILES_MAX_BYTES?: number;

  @IsOptional()
  @IsIn(['mailbox', 'log', 'smtp'], { message: 'MAIL_DRIVER must be mailbox, log or smtp' })
  MAIL_DRIVER?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  MAIL_MAILBOX_COPY?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  MAIL_MAILBOX_KEEP?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  MAIL_MAILBOX_DAYS?: number;

  @Sensitive()
  @ValidateIf((env: EnvironmentVariables) => env.MAIL_DRIVER === 'smtp')
  @Matches(/^smtps?:\/\/[^\s/]+(:\d+)?\/?$/, { message: 'MAIL_SMTP_URL must be smtp://[user:password@]host[:port] or smtps://…, and is required when MAIL_DRIVER=smtp' })
  MAIL_SMTP_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(3)
  MAIL_FROM?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10080)
  DIGEST_QUIET_MINUTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(1440)
  CONSULT_HOLD_MINUTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(30)
  CONSULT_JOIN_MARGIN_MINUTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(720)
  MEMO_NUDGE_HOURS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  WALL_WRITES_PER_HOUR?: number;

  @IsOptional()
  @Matches(/^\s*\d{1,5}(\s*,\s*\d{1,5}){0,4}\s*$/, { message: 'TASK_REMINDER_MINUTES must be up to five comma-separated minute counts before the due time, such as 1440,0' })
  TASK_REMINDER_MINUTES?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(23)
  TASK_DIGEST_HOUR?: number;

  @IsOptional()
  @Matches(/^\s*\d{1,5}(\s*,\s*\d{1,5}){0,4}\s*$/, { message: 'CONSULT_REMINDER_MINUTES must be up to five comma-separated minute counts, such as 1440,10' })
  CONSULT_REMINDER_MINUTES?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  CONSULT_RETENTION_DAYS?: number;

  @IsOptional()
  @IsString()
  CONSULT_HOLIDAYS_FILE?: string;

  /** The key document-system passwords are encrypted with (32+ characters); derived from JWT_SECRET when unset. */
  @Sensitive()
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'DOCUMENTS_KEY must be at least 32 characters' })
  DOCUMENTS_KEY?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(5000)
  @Max(86_400_000)
  DOCUMENTS_SWEEP_MS?: number;

  /** Failed sweeps in a row (the server down) after which a linked folder is parked and its room told. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  DOCUMENTS_PARK_AFTER?: number;

  /** Comma-separated host names document folders may be linked on; any host when unset. */
  @IsOptional()
  @Matches(/^\s*[A-Za-z0-9.:[\]-]+(\s*,\s*[A-Za-z0-9.:[\]-]+)*\s*$/, { message: 'DOCUMENTS_ALLOWED_HOSTS must be comma-separated host names' })
  DOCUMENTS_ALLOWED_HOSTS?: string;

  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true }, { message: 'MATRIX_HOMESERVER_URL must be an http(s) URL' })
  MATRIX_HOMESERVER_URL?: string;

  @ValidateIf((env: EnvironmentVariables) => env.MATRIX_HOMESERVER_URL !== undefined)
  @Matches(/^(?=.{1,255}$)([a-z0-9-]+\.)*[a-z0-9-]+(:\d{1,5})?$/i, { message: 'MATRIX_SERVER_NAME is required when MATRIX_HOMESERVER_URL is set, and must be a server name (host or host:port)' })
  MATRIX_SERVER_NAME?: string;

  @Sensitive()
  @ValidateIf((env: EnvironmentVariables) => env.MATRIX_HOMESERVER_URL !== undefined)
  @IsString({ message: 'MATRIX_AS_TOKEN is required when MATRIX_HOMESERVER_URL is set' })
  @MinLength(32, { message: 'MATRIX_AS_TOKEN must be at least 32 characters' })
  MATRIX_AS_TOKEN?: string;

  @Sensitive()
  @ValidateIf((env: EnvironmentVariables) => env.MATRIX_HOMESERVER_URL !== undefined)
  @IsString({ message: 'MATRIX_HS_TOKEN is required when MATRIX_HOMESERVER_URL is set' })
  @MinLength(32, { message: 'MATRIX_HS_TOKEN must be at least 32 characters' })
  MATRIX_HS_TOKEN?: string;

  /** Localpart prefix of the puppets (and of the bridge's own user); the registration reserves it. */
  @IsOptional()
  @Matches(/^[a-z0-9._=-]{1,32}$/, { message: 'MATRIX_USER_PREFIX may hold lower-case letters, digits and . _ = - only' })
  MATRIX_USER_PREFIX?: string;

  /** Where the homeserver reaches this application service; PUBLIC_URL when unset. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true }, { message: 'MATRIX_APPSERVICE_URL must be an http(s) URL' })
  MATRIX_APPSERVICE_URL?: string;

  /** The first wait of a room whose homeserver does not answer; it doubles up to MATRIX_RETRY_MAX_MS. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(600_000)
  MATRIX_RETRY_BASE_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(86_400_000)
  MATRIX_RETRY_MAX_MS?: number;
}
