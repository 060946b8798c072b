import { IeumException } from '../common/ieum.exception.js';
import type { SessionEndReason } from './identity.types.js';

export const IdentityExceptionCode = {
  InvalidCredentials: 'INVALID_CREDENTIALS',
  TooManyAttempts: 'TOO_MANY_LOGIN_ATTEMPTS',
  AccountDisabled: 'ACCOUNT_DISABLED',
  RolesChanged: 'ROLES_CHANGED',
  PasswordChanged: 'PASSWORD_CHANGED',
  CurrentPasswordWrong: 'CURRENT_PASSWORD_WRONG',
  Unauthenticated: 'UNAUTHENTICATED',
  InvalidToken: 'INVALID_TOKEN',
  RefreshTokenReused: 'REFRESH_TOKEN_REUSED',
  SignedOut: 'SIGNED_OUT',
  AgencyNotFound: 'AGENCY_NOT_FOUND',
  AgencyCodeTaken: 'AGENCY_CODE_TAKEN',
  AgencyParentInvalid: 'AGENCY_PARENT_INVALID',
  DepartmentNotFound: 'DEPARTMENT_NOT_FOUND',
  LoginTaken: 'LOGIN_TAKEN',
  UserNotFound: 'USER_NOT_FOUND',
  UserInvalid: 'USER_INVALID',
  StaffOnly: 'STAFF_ONLY',
  PasswordLoginDisabled: 'PASSWORD_LOGIN_DISABLED',
} as const;
export type IdentityExceptionCode = (typeof IdentityExceptionCode)[keyof typeof IdentityExceptionCode];

export class IdentityException extends IeumException<IdentityExceptionCode> {
  static invalidCredentials(): IdentityException {
    return new IdentityException(
      IdentityExceptionCode.InvalidCredentials,
      { en: 'The sign-in name or password is wrong.', ko: '아이디 또는 비밀번호가 올바르지 않습니다.' },
      'unauthenticated',
    );
  }

  static passwordLoginDisabled(): IdentityException {
    return new IdentityException(
      IdentityExceptionCode.PasswordLoginDisabled,
      {
        en: 'Signing in with a password is turned off here; sign in through single sign-on (SSO).',
        ko: '비밀번호 로그인을 사용하지 않습니다. 통합 인증(SSO)으로 로그인하세요.',
      },
      'forbidden',
    );
  }

  static tooManyAttempts(retryAfterSeconds: number): IdentityException {
    return new IdentityException(
      IdentityExceptionCode.TooManyAttempts,
      {
        en: `Too many sign-in attempts. Try again in ${retryAfterSeconds} seconds.`,
        ko: `로그인 시도가 너무 많습니다. ${retryAfterSeconds}초 후에 다시 시도하세요.`,
      },
      'rate_limited',
      { retryAfterSeconds },
    );
  }

  static disabled(): IdentityException {
    return new IdentityException(
      IdentityExceptionCode.AccountDisabled,
      { en: 'This account is disabled.', ko: '사용이 중지된 계정입니다.' },
      'forbidden',
    );
  }

  static unauthenticated(): IdentityException {
    return new IdentityException(
      IdentityExceptionCode.Unauthenticated,
      { en: 'Please sign in: no access token was given.', ko: '로그인이 필요합니다. 액세스 토큰이 없습니다.' },
      'unauthenticated',
    );
  }

  static invalidToken(): IdentityException {
    return new IdentityException(
      IdentityExceptionCode.InvalidToken,
      {
        en: 'Your session has expired or is not valid. Please sign in again.',
        ko: '세션이 만료되었거나 올바르지 않습니다. 다시 로그인하세요.',
      },
      'unauthenticated',
    );
  }

  static refreshTokenReused(): IdentityException {
    return new IdentityException(
      IdentityExceptionCode.RefreshTokenReused,
      {
        en: 'This session was already renewed elsewhere; every session of it has been signed out.',
        ko: '이미 다른 곳에서 갱신된 세션입니다. 보안을 위해 해당 세션을 모두 로그아웃했습니다.',
      },
      'unauthenticated',
    );
  }

  static signedOut(everywhere: boolean): IdentityException {
    return new IdentityException(
      IdentityExceptionCode.SignedOut,
      everywhere
        ? {
            en: 'You signed out on every device. Please sign in again.',
            ko: '모든 기기에서 로그아웃했습니다. 다시 로그인하세요.',
          }
        : {
            en: 'You signed out of this session. Please sign in again.',
            ko: '이 세션에서 로그아웃했습니다. 다시 로그인하세요.',
          },
      'unauthenticated',
      { everywhere },
    );
  }

  /** What a person is told when a token of a session that ended early is used, or its socket is closed. */
  static sessionEnded(reason: SessionEndReason): IdentityException {
    switch (reason) {
      case 'signed_out':
        return IdentityException.signedOut(false);
      case 'signed_out_everywhere':
        return IdentityException.signedOut(true);
      case 'refresh_token_reused':
        return IdentityException.refreshTokenReused();
      case 'account_disabled':
        return new IdentityException(
          IdentityExceptionCode.AccountDisabled,
          {
            en: 'An administrator disabled this account; you have been signed out.',
            ko: '관리자가 계정 사용을 중지하여 로그아웃되었습니다.',
          },
          'unauthenticated',
        );
      case 'roles_changed':
        return new IdentityException(
          IdentityExceptionCode.RolesChanged,
          {
            en: 'An administrator changed your roles. Please sign in again.',
            ko: '관리자가 권한을 변경했습니다. 다시 로그인하세요.',
          },
          'unauthenticated',
        );
      case 'password_changed':
        return new IdentityException(
          IdentityExceptionCode.PasswordChanged,
          {
            en: 'The password of this account was changed. Please sign in with the new one.',
            ko: '계정 비밀번호가 변경되었습니다. 새 비밀번호로 다시 로그인하세요.',
          },
          'unauthenticated',
        );
    }
  }

  static currentPasswordWrong(): IdentityException {
    return new IdentityException(
      IdentityExceptionCode.CurrentPasswordWrong,
      { en: 'The current password is wrong.', ko: '현재 비밀번호가 올바르지 않습니다.' },
      'forbidden',
    );
  }

  static agencyNotFound(code: string): IdentityException {
    return new IdentityException(
      IdentityExceptionCode.AgencyNotFound,
      { en: `No agency has the code "${code}".`, ko: `기관 코드 "${code}"에 해당하는 기관이 없습니다.` },
      'not_found',
      { code },
    );
  }

  static agencyCodeTaken(code: string): IdentityException {
    return new IdentityException(
      IdentityExceptionCode.AgencyCodeTaken,
      { en: `An agency with the code "${code}" already exists.`, ko: `기관 코드 "${code}"는 이미 사용 중입니다.` },
      'conflict',
      { code },
    );
  }

  static agencyParentInvalid(reason: string): IdentityException {
    return new IdentityException(
      IdentityExceptionCode.AgencyParentInvalid,
      { en: `The agency cannot be placed there: ${reason}.`, ko: `기관을 그 위치에 둘 수 없습니다: ${reason}.` },
      'invalid',
      { reason },
    );
  }

  static departmentNotFound(name: string): IdentityException {
    return new IdentityException(
      IdentityExceptionCode.DepartmentNotFound,
      { en: `No department "${name}" in that agency.`, ko: `해당 기관에 "${name}" 부서가 없습니다.` },
      'not_found',
      { name },
    );
  }

  static loginTaken(login: string): IdentityException {
    return new IdentityException(
      IdentityExceptionCode.LoginTaken,
      { en: `The sign-in name "${login}" is taken.`, ko: `아이디 "${login}"는 이미 사용 중입니다.` },
      'conflict',
      { login },
    );
  }

  static userNotFound(): IdentityException {
    return new IdentityException(
      IdentityExceptionCode.UserNotFound,
      { en: 'No such user.', ko: '사용자를 찾을 수 없습니다.' },
      'not_found',
    );
  }

  static userInvalid(reason: string): IdentityException {
    return new IdentityException(
      IdentityExceptionCode.UserInvalid,
      { en: `The user is not valid: ${reason}.`, ko: `사용자 정보가 올바르지 않습니다: ${reason}.` },
      'invalid',
      { reason },
    );
  }

  static staffOnly(): IdentityException {
    return new IdentityException(
      IdentityExceptionCode.StaffOnly,
      { en: 'Only public servants may see this.', ko: '공무원만 볼 수 있습니다.' },
      'forbidden',
    );
  }
}
