import { IeumException } from '../common/ieum.exception.js';

export const WebhookExceptionCode = {
  Unsigned: 'WEBHOOK_UNSIGNED',
  BadSignature: 'WEBHOOK_BAD_SIGNATURE',
  Stale: 'WEBHOOK_STALE',
  Replayed: 'WEBHOOK_REPLAYED',
  NotFound: 'WEBHOOK_NOT_FOUND',
  Disabled: 'WEBHOOK_DISABLED',
  TooManyRequests: 'WEBHOOK_TOO_MANY_REQUESTS',
  InvalidPayload: 'WEBHOOK_INVALID_PAYLOAD',
  RoomNotOpen: 'WEBHOOK_ROOM_NOT_OPEN',
  SystemAdminsOnly: 'WEBHOOK_SYSTEM_ADMINS_ONLY',
  SubscriptionNotFound: 'WEBHOOK_SUBSCRIPTION_NOT_FOUND',
  UrlInvalid: 'WEBHOOK_URL_INVALID',
  UrlUnresolvable: 'WEBHOOK_URL_UNRESOLVABLE',
  UrlForbidden: 'WEBHOOK_URL_FORBIDDEN',
  RoomRequired: 'WEBHOOK_ROOM_REQUIRED',
} as const;
export type WebhookExceptionCode = (typeof WebhookExceptionCode)[keyof typeof WebhookExceptionCode];

export class WebhookException extends IeumException<WebhookExceptionCode> {
  static unsigned(): WebhookException {
    return new WebhookException(
      WebhookExceptionCode.Unsigned,
      {
        en: 'The request is not signed: send X-Ieum-Timestamp (unix seconds) and X-Ieum-Signature (sha256=<hex>).',
        ko: '서명이 없는 요청입니다. X-Ieum-Timestamp(유닉스 초)와 X-Ieum-Signature(sha256=<16진수>) 헤더를 보내세요.',
      },
      'unauthenticated',
    );
  }

  static badSignature(): WebhookException {
    return new WebhookException(
      WebhookExceptionCode.BadSignature,
      {
        en: 'The signature does not match: sign "<timestamp>.<raw body>" with HMAC-SHA256 and the webhook secret.',
        ko: '서명이 맞지 않습니다. "<타임스탬프>.<본문 원문>"을 웹훅 비밀값으로 HMAC-SHA256 서명하세요.',
      },
      'unauthenticated',
    );
  }

  static stale(windowSeconds: number): WebhookException {
    return new WebhookException(
      WebhookExceptionCode.Stale,
      {
        en: `The timestamp is more than ${windowSeconds / 60} minutes from now; sign the request again with the current time.`,
        ko: `타임스탬프가 현재 시각과 ${windowSeconds / 60}분 넘게 차이 납니다. 현재 시각으로 다시 서명하세요.`,
      },
      'unauthenticated',
      { windowSeconds },
    );
  }

  static replayed(): WebhookException {
    return new WebhookException(
      WebhookExceptionCode.Replayed,
      {
        en: 'This signed request was already received; a new post needs a new timestamp and signature.',
        ko: '이미 받은 서명 요청입니다. 새 게시는 새 타임스탬프와 서명이 필요합니다.',
      },
      'conflict',
    );
  }

  static notFound(): WebhookException {
    return new WebhookException(
      WebhookExceptionCode.NotFound,
      { en: 'No such webhook.', ko: '웹훅을 찾을 수 없습니다.' },
      'not_found',
    );
  }

  static disabled(): WebhookException {
    return new WebhookException(
      WebhookExceptionCode.Disabled,
      {
        en: 'This webhook is disabled; a room owner can enable it again.',
        ko: '사용이 중지된 웹훅입니다. 대화방 관리자가 다시 켤 수 있습니다.',
      },
      'forbidden',
    );
  }

  static tooManyRequests(retryAfterSeconds: number): WebhookException {
    return new WebhookException(
      WebhookExceptionCode.TooManyRequests,
      {
        en: `Too many posts to this webhook. Try again in ${retryAfterSeconds} s.`,
        ko: `이 웹훅으로 보낸 요청이 너무 많습니다. ${retryAfterSeconds}초 후에 다시 시도하세요.`,
      },
      'rate_limited',
      { retryAfterSeconds },
    );
  }

  static invalidPayload(problem: { en: string; ko: string }): WebhookException {
    return new WebhookException(
      WebhookExceptionCode.InvalidPayload,
      {
        en: `The body must be JSON {"text": "...", "title"?: "..."}: ${problem.en}`,
        ko: `본문은 JSON {"text": "...", "title"?: "..."} 형식이어야 합니다: ${problem.ko}`,
      },
      'invalid',
    );
  }

  static roomNotOpen(): WebhookException {
    return new WebhookException(
      WebhookExceptionCode.RoomNotOpen,
      {
        en: "The webhook's room is archived; nothing can be posted there.",
        ko: '웹훅의 대화방이 보관되어 게시할 수 없습니다.',
      },
      'conflict',
    );
  }

  static systemAdminsOnly(): WebhookException {
    return new WebhookException(
      WebhookExceptionCode.SystemAdminsOnly,
      {
        en: 'Only system administrators manage outgoing webhooks.',
        ko: '내보내는 웹훅은 시스템 관리자만 관리할 수 있습니다.',
      },
      'forbidden',
    );
  }

  static subscriptionNotFound(): WebhookException {
    return new WebhookException(
      WebhookExceptionCode.SubscriptionNotFound,
      { en: 'No such webhook subscription.', ko: '웹훅 구독을 찾을 수 없습니다.' },
      'not_found',
    );
  }

  static urlInvalid(): WebhookException {
    return new WebhookException(
      WebhookExceptionCode.UrlInvalid,
      {
        en: 'The URL must be http:// or https:// without a user name or password.',
        ko: 'URL은 사용자 이름이나 비밀번호 없는 http:// 또는 https:// 주소여야 합니다.',
      },
      'invalid',
    );
  }

  static urlUnresolvable(): WebhookException {
    return new WebhookException(
      WebhookExceptionCode.UrlUnresolvable,
      { en: "The URL's host name does not resolve.", ko: 'URL의 호스트 이름을 찾을 수 없습니다(DNS).' },
      'unprocessable',
    );
  }

  static urlForbidden(address: string | undefined): WebhookException {
    return new WebhookException(
      WebhookExceptionCode.UrlForbidden,
      {
        en: `The URL leads to ${address ?? 'an address'} (private, loopback, link-local, shared or metadata), which webhooks may not call unless WEBHOOK_ALLOWED_HOSTS names it.`,
        ko: `URL이 내부망·루프백·링크로컬·메타데이터 주소(${address ?? '알 수 없음'})로 연결되어 호출할 수 없습니다. WEBHOOK_ALLOWED_HOSTS에 등록된 경우에만 허용됩니다.`,
      },
      'unprocessable',
      address ? { address } : undefined,
    );
  }

  static roomRequired(): WebhookException {
    return new WebhookException(
      WebhookExceptionCode.RoomRequired,
      {
        en: 'A subscription to message.created names its room (roomId).',
        ko: 'message.created 구독에는 대화방(roomId)을 지정해야 합니다.',
      },
      'invalid',
    );
  }
}
