import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { Sensitive, toBool, toInt } from './env-helpers.js';

/** Outside systems: Jitsi, webhooks, document folders, the Matrix bridge. */
export class IntegrationsEnvironmentVariables {
  @IsOptional()
  @Matches(/^(?=.{1,253}$)([a-z0-9-]+\.)*[a-z0-9-]+$/i, { message: 'JITSI_DOMAIN must be a domain name' })
  JITSI_DOMAIN?: string;

  @ValidateIf((env: IntegrationsEnvironmentVariables) => env.JITSI_DOMAIN !== undefined)
  @IsString({ message: 'JITSI_APP_ID is required when JITSI_DOMAIN is set' })
  JITSI_APP_ID?: string;

  @Sensitive()
  @ValidateIf((env: IntegrationsEnvironmentVariables) => env.JITSI_DOMAIN !== undefined)
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
  @Matches(/^\s*[A-Za-z0-9.:[\]/_-]+(\s*,\s*[A-Za-z0-9.:[\]/_-]+)*\s*$/, {
    message: 'WEBHOOK_ALLOWED_HOSTS must be comma-separated host names, IP addresses or CIDR ranges',
  })
  WEBHOOK_ALLOWED_HOSTS?: string;

  @IsOptional()
  @Matches(/^\s*[0-9a-fA-F.:[\]]+(\s*,\s*[0-9a-fA-F.:[\]]+)*\s*$/, {
    message: 'WEBHOOK_DNS_SERVERS must be comma-separated IP addresses, each optionally with :port',
  })
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
  @Matches(/^\s*[A-Za-z0-9.:[\]-]+(\s*,\s*[A-Za-z0-9.:[\]-]+)*\s*$/, {
    message: 'DOCUMENTS_ALLOWED_HOSTS must be comma-separated host names',
  })
  DOCUMENTS_ALLOWED_HOSTS?: string;

  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_tld: false, require_protocol: true },
    { message: 'MATRIX_HOMESERVER_URL must be an http(s) URL' },
  )
  MATRIX_HOMESERVER_URL?: string;

  @ValidateIf((env: IntegrationsEnvironmentVariables) => env.MATRIX_HOMESERVER_URL !== undefined)
  @Matches(/^(?=.{1,255}$)([a-z0-9-]+\.)*[a-z0-9-]+(:\d{1,5})?$/i, {
    message:
      'MATRIX_SERVER_NAME is required when MATRIX_HOMESERVER_URL is set, and must be a server name (host or host:port)',
  })
  MATRIX_SERVER_NAME?: string;

  @Sensitive()
  @ValidateIf((env: IntegrationsEnvironmentVariables) => env.MATRIX_HOMESERVER_URL !== undefined)
  @IsString({ message: 'MATRIX_AS_TOKEN is required when MATRIX_HOMESERVER_URL is set' })
  @MinLength(32, { message: 'MATRIX_AS_TOKEN must be at least 32 characters' })
  MATRIX_AS_TOKEN?: string;

  @Sensitive()
  @ValidateIf((env: IntegrationsEnvironmentVariables) => env.MATRIX_HOMESERVER_URL !== undefined)
  @IsString({ message: 'MATRIX_HS_TOKEN is required when MATRIX_HOMESERVER_URL is set' })
  @MinLength(32, { message: 'MATRIX_HS_TOKEN must be at least 32 characters' })
  MATRIX_HS_TOKEN?: string;

  /** Localpart prefix of the puppets (and of the bridge's own user); the registration reserves it. */
  @IsOptional()
  @Matches(/^[a-z0-9._=-]{1,32}$/, {
    message: 'MATRIX_USER_PREFIX may hold lower-case letters, digits and . _ = - only',
  })
  MATRIX_USER_PREFIX?: string;

  /** Where the homeserver reaches this application service; PUBLIC_URL when unset. */
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_tld: false, require_protocol: true },
    { message: 'MATRIX_APPSERVICE_URL must be an http(s) URL' },
  )
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
