import { IeumException } from '../../common/ieum.exception.js';

export const SsoExceptionCode = {
  NotConfigured: 'SSO_NOT_CONFIGURED',
  ProviderUnavailable: 'SSO_PROVIDER_UNAVAILABLE',
  StateInvalid: 'SSO_STATE_INVALID',
  ProviderRefused: 'SSO_PROVIDER_REFUSED',
  CodeRefused: 'SSO_CODE_REFUSED',
  ClaimMissing: 'SSO_CLAIM_MISSING',
  UserUnknown: 'SSO_USER_UNKNOWN',
  UserAmbiguous: 'SSO_USER_AMBIGUOUS',
  NotStaff: 'SSO_NOT_STAFF',
} as const;
export type SsoExceptionCode = (typeof SsoExceptionCode)[keyof typeof SsoExceptionCode];

/** Why a single sign-on did not end in an Ieum session; shown on the callback's refusal page. */
export class SsoException extends IeumException<SsoExceptionCode> {
  static notConfigured(): SsoException {
    return new SsoException(
      SsoExceptionCode.NotConfigured,
      {
        en: 'Single sign-on is not set up on this server.',
        ko: '이 서버에는 통합 인증(SSO)이 설정되어 있지 않습니다.',
      },
      'not_found',
    );
  }

  static providerUnavailable(): SsoException {
    return new SsoException(
      SsoExceptionCode.ProviderUnavailable,
      {
        en: 'The single sign-on provider cannot be reached. Try again in a moment.',
        ko: '통합 인증(SSO) 서버에 연결할 수 없습니다. 잠시 후 다시 시도하세요.',
      },
      'upstream_failed',
    );
  }

  static stateInvalid(): SsoException {
    return new SsoException(
      SsoExceptionCode.StateInvalid,
      {
        en: 'This sign-in link has expired, was already used, or was not started in this browser. Start signing in again.',
        ko: '로그인 요청이 만료되었거나 이미 사용되었거나 이 브라우저에서 시작되지 않았습니다. 다시 로그인하세요.',
      },
      'invalid',
    );
  }

  static providerRefused(error: string): SsoException {
    return new SsoException(
      SsoExceptionCode.ProviderRefused,
      {
        en: `The single sign-on provider did not sign you in (${error}).`,
        ko: `통합 인증(SSO) 서버가 로그인을 거부했습니다 (${error}).`,
      },
      'unauthenticated',
      { error },
    );
  }

  static codeRefused(): SsoException {
    return new SsoException(
      SsoExceptionCode.CodeRefused,
      {
        en: 'The sign-in could not be confirmed with the provider (the code was used, expired or does not match). Start signing in again.',
        ko: '통합 인증(SSO) 서버에서 로그인을 확인하지 못했습니다(사용되었거나 만료되었거나 맞지 않는 코드). 다시 로그인하세요.',
      },
      'unauthenticated',
    );
  }

  static claimMissing(claim: string): SsoException {
    return new SsoException(
      SsoExceptionCode.ClaimMissing,
      {
        en: `The provider did not say who you are: the "${claim}" claim is missing or not valid.`,
        ko: `통합 인증(SSO) 서버가 사용자 정보("${claim}")를 보내지 않았거나 값이 올바르지 않습니다.`,
      },
      'unauthenticated',
      { claim },
    );
  }

  static userUnknown(): SsoException {
    return new SsoException(
      SsoExceptionCode.UserUnknown,
      {
        en: 'You signed in with the provider, but Ieum has no account for you. Ask your agency administrator to add you.',
        ko: '통합 인증에는 성공했지만 이음에 등록된 계정이 없습니다. 소속 기관 관리자에게 계정 등록을 요청하세요.',
      },
      'forbidden',
    );
  }

  static userAmbiguous(): SsoException {
    return new SsoException(
      SsoExceptionCode.UserAmbiguous,
      {
        en: 'More than one Ieum account matches you; ask an administrator to correct the directory.',
        ko: '이음 계정 여러 개가 일치합니다. 관리자에게 조직도 정리를 요청하세요.',
      },
      'forbidden',
    );
  }

  static notStaff(): SsoException {
    return new SsoException(
      SsoExceptionCode.NotStaff,
      { en: 'Single sign-on is for public servants only.', ko: '통합 인증(SSO)은 공무원 계정만 사용할 수 있습니다.' },
      'forbidden',
    );
  }
}
