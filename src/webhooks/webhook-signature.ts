import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** How far a request's timestamp may be from now, either way. */
export const SIGNATURE_WINDOW_SECONDS = 300;

export const SIGNATURE_HEADER = 'x-ieum-signature';
export const TIMESTAMP_HEADER = 'x-ieum-timestamp';
export const DELIVERY_HEADER = 'x-ieum-delivery';
export const EVENT_HEADER = 'x-ieum-event';

/**
 * The key webhook secrets are sealed with at rest, derived from JWT_SECRET for this one use
 * (HKDF-SHA256), so neither access tokens nor anything else shares it.
 */
export function webhookSecretKey(jwtSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', jwtSecret, 'ieum', 'ieum webhook secrets v1', 32));
}

/** A new signing secret, as shown once to whoever made the webhook. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * AES-256-GCM with the owning row's id as associated data: a sealed secret copied onto another
 * row does not open there.
 */
export function sealSecret(key: Buffer, rowId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(rowId));
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join(
    '.',
  );
}

export function openSecret(key: Buffer, rowId: string, sealed: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('unknown sealed secret format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(rowId));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

/** `sha256=<hex>`: HMAC-SHA256 keyed with the secret over `<timestamp>.<raw body>`. */
export function signPayload(secret: string, timestamp: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/** Whether `given` is the signature of this body and timestamp, compared in constant time. */
export function signatureMatches(secret: string, timestamp: string, body: Buffer, given: string): boolean {
  const expected = Buffer.from(signPayload(secret, timestamp, body));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export type TimestampProblem = 'malformed' | 'stale';

/** The timestamp header as unix seconds, or why it is refused. */
export function checkTimestamp(
  value: string,
  now: Date,
): { ok: true; seconds: number } | { ok: false; problem: TimestampProblem } {
  if (!/^\d{1,12}$/.test(value)) return { ok: false, problem: 'malformed' };
  const seconds = Number(value);
  if (Math.abs(now.getTime() / 1000 - seconds) > SIGNATURE_WINDOW_SECONDS) return { ok: false, problem: 'stale' };
  return { ok: true, seconds };
}
