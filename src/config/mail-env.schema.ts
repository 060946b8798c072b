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
import { Sensitive, toBool, toInt } from './env-helpers.js';

/** Mail: the domain and SMTP ingress, mail authentication, the IMAP mailbox poll, and how mail goes out. */
export class MailEnvironmentVariables {
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

  @ValidateIf((env: MailEnvironmentVariables) => env.SMTP_TLS_KEY_FILE !== undefined)
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
  @Matches(/^\s*[0-9a-fA-F.:[\]]+(\s*,\s*[0-9a-fA-F.:[\]]+)*\s*$/, {
    message: 'MAIL_DNS_SERVERS must be comma-separated IP addresses, each optionally with :port',
  })
  MAIL_DNS_SERVERS?: string;

  /** imap://user:password@host:port or imaps://…; never logged. */
  @Sensitive()
  @IsOptional()
  @IsUrl(
    { protocols: ['imap', 'imaps'], require_tld: false, require_protocol: true },
    { message: 'IMAP_URL must be an imap:// or imaps:// URL' },
  )
  IMAP_URL?: string;

  @ValidateIf((env: MailEnvironmentVariables) => env.IMAP_URL !== undefined)
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
  @ValidateIf((env: MailEnvironmentVariables) => env.MAIL_DRIVER === 'smtp')
  @Matches(/^smtps?:\/\/[^\s/]+(:\d+)?\/?$/, {
    message:
      'MAIL_SMTP_URL must be smtp://[user:password@]host[:port] or smtps://…, and is required when MAIL_DRIVER=smtp',
  })
  MAIL_SMTP_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(3)
  MAIL_FROM?: string;
}
