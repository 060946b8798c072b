import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { Sensitive, toBool, toInt } from './env-helpers.js';
import { IntersectionType } from '@nestjs/swagger';
import { FeaturesEnvironmentVariables } from './features-env.schema.js';
import { IntegrationsEnvironmentVariables } from './integrations-env.schema.js';
import { MailEnvironmentVariables } from './mail-env.schema.js';

const PROXY_ENTRY = String.raw`(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)`;
const TRUST_PROXY = new RegExp(String.raw`^\s*(\d{1,2}|${PROXY_ENTRY}(\s*,\s*${PROXY_ENTRY})*)\s*$`);
const ADDRESS_ENTRY = String.raw`(loopback|[0-9a-fA-F.:]+(\/\d{1,3})?)`;
const METRICS_ADDRESSES = new RegExp(String.raw`^\s*${ADDRESS_ENTRY}(\s*,\s*${ADDRESS_ENTRY})*\s*$`);
const ROLE_LIST = /^\s*(api|worker|smtp)(\s*,\s*(api|worker|smtp))*\s*$/;

/** The server itself: roles, logging, HTTP, metrics, PostgreSQL, Redis and the bus, sign-in and tokens, the demo. */
export class CoreEnvironmentVariables {
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
  @Matches(TRUST_PROXY, {
    message:
      'TRUST_PROXY must be a number of proxy hops, or a comma-separated list of loopback, linklocal, uniquelocal, IP addresses and CIDR ranges',
  })
  TRUST_PROXY?: string;

  /** Who may read /metrics without a token: loopback, IP addresses and CIDR ranges, comma-separated. */
  @IsOptional()
  @Matches(METRICS_ADDRESSES, {
    message: 'METRICS_ALLOWED_ADDRESSES must be a comma-separated list of loopback, IP addresses and CIDR ranges',
  })
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
  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO?: boolean;
}

/**
 * Every environment variable Ieum reads, merged from the area schemas (SSO is validated on its own,
 * SsoEnvironmentVariables). Nothing is required for a first run: without
 * DATABASE_URL an embedded PostgreSQL starts, without REDIS_URL a local or spawned Redis is used.
 */
export class EnvironmentVariables extends IntersectionType(
  CoreEnvironmentVariables,
  MailEnvironmentVariables,
  IntegrationsEnvironmentVariables,
  FeaturesEnvironmentVariables,
) {}
