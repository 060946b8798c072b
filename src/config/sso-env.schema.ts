import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { Sensitive, toBool } from './env-helpers.js';

/** An https issuer, or http on a loopback address (an IdP on the same machine, as in the tests). */
const ISSUER = /^(https:\/\/[^\s]+|http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/[^\s]*)?)$/;
const withIssuer = (env: SsoEnvironmentVariables) => env.OIDC_ISSUER !== undefined;

/** Single sign-on through an OpenID Connect provider, and whether password sign-in stays. */
export class SsoEnvironmentVariables {
  @IsOptional()
  @Matches(ISSUER, { message: 'OIDC_ISSUER must be an https:// URL (http:// only on a loopback address)' })
  OIDC_ISSUER?: string;

  @ValidateIf(withIssuer)
  @IsString({ message: 'OIDC_CLIENT_ID is required when OIDC_ISSUER is set' })
  @MinLength(1)
  @MaxLength(255)
  OIDC_CLIENT_ID?: string;

  @Sensitive()
  @ValidateIf(withIssuer)
  @IsString({ message: 'OIDC_CLIENT_SECRET is required when OIDC_ISSUER is set' })
  @MinLength(1)
  OIDC_CLIENT_SECRET?: string;

  /** Where the provider sends the browser back; PUBLIC_URL + /auth/sso/callback when unset. */
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_tld: false, require_protocol: true },
    { message: 'OIDC_REDIRECT_URI must be an http(s) URL' },
  )
  OIDC_REDIRECT_URI?: string;

  /** Where the provider sends the browser after signing out there; PUBLIC_URL + /login when unset. */
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_tld: false, require_protocol: true },
    { message: 'OIDC_POST_LOGOUT_REDIRECT_URI must be an http(s) URL' },
  )
  OIDC_POST_LOGOUT_REDIRECT_URI?: string;

  @IsOptional()
  @Matches(/^openid( [A-Za-z0-9_:.-]+)*$/, {
    message: 'OIDC_SCOPES must be space-separated scopes starting with openid',
  })
  OIDC_SCOPES?: string;

  /** The claim that names the person in the directory: preferred_username, email, an employee number… */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_:.-]{1,100}$/, { message: 'OIDC_USER_CLAIM must be a claim name' })
  OIDC_USER_CLAIM?: string;

  /** The user column the claim is matched against. */
  @IsOptional()
  @IsIn(['login', 'email'], { message: 'OIDC_USER_FIELD must be login or email' })
  OIDC_USER_FIELD?: string;

  /** People the directory does not know are created in this department on their first sign-in; refused when unset. */
  @IsOptional()
  @IsUUID('all', { message: 'OIDC_JIT_DEPARTMENT_ID must be the id (UUID) of a department' })
  OIDC_JIT_DEPARTMENT_ID?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'PASSWORD_LOGIN_ENABLED must be true or false' })
  PASSWORD_LOGIN_ENABLED?: boolean;
}
