import { createHash } from 'node:crypto';

/**
 * The source key an HTTP request's idempotency key is stored under: the caller's id and a digest
 * of the whole key, so keys of any length fit the column and two keys that share a beginning
 * never name the same request.
 */
export function httpSourceKey(userId: string, idempotencyKey: string | undefined): string | null {
  if (!idempotencyKey) return null;
  return `http-${userId}-${createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, 32)}`;
}
