/**
 * A random key for one form's submit (an idempotency key, a client key): a retried request finds
 * what the first one made. getRandomValues, unlike randomUUID, works on a plain-http intranet address too.
 */
export function newClientKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
