import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The key document-system passwords are sealed with: from DOCUMENTS_KEY, or else from JWT_SECRET,
 * through HKDF-SHA256 with a label of its own, so it is never the key anything else uses.
 */
export function documentsKey(documentsSecret: string | undefined, jwtSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', documentsSecret ?? jwtSecret, 'ieum', 'ieum document credentials v1', 32));
}

/**
 * AES-256-GCM: version, IV, tag, ciphertext. `boundTo` (the link's id) is authenticated with it, so
 * a sealed password copied onto another link's row does not open.
 */
export function seal(key: Buffer, plaintext: string, boundTo: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(boundTo, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
}

export function unseal(key: Buffer, sealed: Buffer, boundTo: string): string {
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION)
    throw new Error('sealed credential has an unknown format');
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(boundTo, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}
