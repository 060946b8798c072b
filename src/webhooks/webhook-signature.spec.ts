import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import {
  checkTimestamp,
  newWebhookSecret,
  openSecret,
  sealSecret,
  signatureMatches,
  signPayload,
  webhookSecretKey,
} from './webhook-signature.js';

describe('webhook signatures', () => {
  const secret = newWebhookSecret();
  const body = Buffer.from('{"text":"배포 완료"}');

  it('signs "<timestamp>.<body>" with HMAC-SHA256, as openssl would', () => {
    const hex = createHmac('sha256', secret).update(`1700000000.${body.toString()}`).digest('hex');
    expect(signPayload(secret, '1700000000', body)).toBe(`sha256=${hex}`);
    expect(signatureMatches(secret, '1700000000', body, `sha256=${hex}`)).toBe(true);
  });

  it('refuses another body, timestamp, secret or a truncated signature', () => {
    const good = signPayload(secret, '1700000000', body);
    expect(signatureMatches(secret, '1700000001', body, good)).toBe(false);
    expect(signatureMatches(secret, '1700000000', Buffer.from('{"text":"x"}'), good)).toBe(false);
    expect(signatureMatches(newWebhookSecret(), '1700000000', body, good)).toBe(false);
    expect(signatureMatches(secret, '1700000000', body, good.slice(0, -1))).toBe(false);
  });

  it('takes timestamps within five minutes either way', () => {
    const now = new Date(1_700_000_000_000);
    expect(checkTimestamp('1700000300', now)).toEqual({ ok: true, seconds: 1_700_000_300 });
    expect(checkTimestamp('1699999700', now)).toEqual({ ok: true, seconds: 1_699_999_700 });
    expect(checkTimestamp('1699999640', now)).toEqual({ ok: false, problem: 'stale' });
    expect(checkTimestamp('1700000301', now)).toEqual({ ok: false, problem: 'stale' });
    expect(checkTimestamp('17e8', now)).toEqual({ ok: false, problem: 'malformed' });
  });

  it('seals secrets so that they open only on their own row, under the same JWT secret', () => {
    const key = webhookSecretKey('a'.repeat(64));
    const sealed = sealSecret(key, 'row-1', secret);
    expect(sealed).not.toContain(secret);
    expect(openSecret(key, 'row-1', sealed)).toBe(secret);
    expect(() => openSecret(key, 'row-2', sealed)).toThrow();
    expect(() => openSecret(webhookSecretKey('b'.repeat(64)), 'row-1', sealed)).toThrow();
  });
});
