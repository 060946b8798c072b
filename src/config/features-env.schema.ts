import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, ValidateIf } from 'class-validator';
import { Sensitive, toBool, toInt } from './env-helpers.js';

/** File storage and the tunables of the features (digests, consultations, memos, the wall, tasks). */
export class FeaturesEnvironmentVariables {
  @IsOptional()
  @IsIn(['folder', 'postgres', 's3'], { message: 'FILES_DRIVER must be folder, postgres or s3' })
  FILES_DRIVER?: string;

  @ValidateIf((env: FeaturesEnvironmentVariables) => env.FILES_DRIVER === 's3')
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'S3_BUCKET (a bucket name) is required with FILES_DRIVER=s3',
  })
  S3_BUCKET?: string;

  @IsOptional()
  @IsString()
  S3_REGION?: string;

  /** An S3-compatible endpoint (MinIO, Ceph RGW, a cloud's object storage); AWS when unset. */
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_tld: false, require_protocol: true },
    { message: 'S3_ENDPOINT must be an http(s) URL' },
  )
  S3_ENDPOINT?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE?: boolean;

  @ValidateIf((env: FeaturesEnvironmentVariables) => env.FILES_DRIVER === 's3')
  @IsString({ message: 'S3_ACCESS_KEY_ID is required with FILES_DRIVER=s3' })
  S3_ACCESS_KEY_ID?: string;

  @Sensitive()
  @ValidateIf((env: FeaturesEnvironmentVariables) => env.FILES_DRIVER === 's3')
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
  @Matches(/^\s*\d{1,5}(\s*,\s*\d{1,5}){0,4}\s*$/, {
    message:
      'TASK_REMINDER_MINUTES must be up to five comma-separated minute counts before the due time, such as 1440,0',
  })
  TASK_REMINDER_MINUTES?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(23)
  TASK_DIGEST_HOUR?: number;

  @IsOptional()
  @Matches(/^\s*\d{1,5}(\s*,\s*\d{1,5}){0,4}\s*$/, {
    message: 'CONSULT_REMINDER_MINUTES must be up to five comma-separated minute counts, such as 1440,10',
  })
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
}
