import { IeumException } from '../common/ieum.exception.js';

export const MetricsExceptionCode = {
  Forbidden: 'METRICS_FORBIDDEN',
} as const;
export type MetricsExceptionCode = (typeof MetricsExceptionCode)[keyof typeof MetricsExceptionCode];

export class MetricsException extends IeumException<MetricsExceptionCode> {
  static forbidden(): MetricsException {
    return new MetricsException(
      MetricsExceptionCode.Forbidden,
      {
        en: 'Metrics are open only to the addresses in METRICS_ALLOWED_ADDRESSES, or with the METRICS_TOKEN bearer token.',
        ko: '지표(/metrics)는 METRICS_ALLOWED_ADDRESSES에 있는 주소에서만, 또는 METRICS_TOKEN 토큰을 보내야 볼 수 있습니다.',
      },
      'forbidden',
    );
  }
}
