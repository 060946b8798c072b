import { describe, expect, it } from '@jest/globals';
import { HTTP_STATUS_OF_KIND, HttpExceptionFilter } from './http-exception.filter.js';
import { BREAKAGE_KINDS, ERROR_KINDS, IeumException, isRefusal, type ErrorKind } from './ieum.exception.js';

// The statuses the API answered before exceptions carried kinds; a change here changes the API.
const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
  dependency_failed: 424,
  rate_limited: 429,
  internal: 500,
  upstream_failed: 502,
  unavailable: 503,
};

describe('the HTTP status of each kind of exception', () => {
  it('has one status for every kind, and no other key', () => {
    expect(Object.keys(HTTP_STATUS_OF_KIND).sort()).toEqual([...ERROR_KINDS].sort());
    expect(HTTP_STATUS_OF_KIND).toEqual(STATUS);
  });

  it('gives different kinds different statuses, all of them errors', () => {
    const statuses = ERROR_KINDS.map((kind) => HTTP_STATUS_OF_KIND[kind]);
    expect(new Set(statuses).size).toBe(ERROR_KINDS.length);
    for (const status of statuses) expect(status >= 400 && status <= 599).toBe(true);
  });

  it('counts as a breakage exactly the kinds answered with a 5xx', () => {
    for (const kind of ERROR_KINDS) {
      const error = new IeumException('SOME_CODE', { en: 'e', ko: 'k' }, kind);
      expect([kind, BREAKAGE_KINDS.has(kind), isRefusal(error)]).toEqual([
        kind,
        HTTP_STATUS_OF_KIND[kind] >= 500,
        HTTP_STATUS_OF_KIND[kind] < 500,
      ]);
    }
    expect(isRefusal(new Error('plain'))).toBe(false);
  });

  it('answers a coded exception with its kind’s status, its code, text and details', () => {
    const filter = new HttpExceptionFilter();
    for (const kind of ERROR_KINDS) {
      const body = filter.toBody(new IeumException('SOME_CODE', { en: 'No.', ko: '안 됩니다.' }, kind, { n: 1 }));
      expect(body).toEqual({
        statusCode: STATUS[kind],
        code: 'SOME_CODE',
        message: 'No.',
        messages: { en: 'No.', ko: '안 됩니다.' },
        details: { n: 1 },
      });
    }
  });
});
