import { describe, expect, it } from '@jest/globals';
import { documentsKey, seal, unseal } from './document-secret.js';

const JWT = 'j'.repeat(64);

describe('document credentials at rest', () => {
  it('round-trips, and the sealed bytes do not hold the password', () => {
    const key = documentsKey(undefined, JWT);
    const sealed = seal(key, '비밀번호-secret', 'link-1');
    expect(sealed.includes(Buffer.from('secret'))).toBe(false);
    expect(unseal(key, sealed, 'link-1')).toBe('비밀번호-secret');
  });

  it('uses a fresh IV each time', () => {
    const key = documentsKey(undefined, JWT);
    expect(seal(key, 'pw', 'link-1').equals(seal(key, 'pw', 'link-1'))).toBe(false);
  });

  it('does not open under another link, another key, or after tampering', () => {
    const key = documentsKey(undefined, JWT);
    const sealed = seal(key, 'pw', 'link-1');
    expect(() => unseal(key, sealed, 'link-2')).toThrow();
    expect(() => unseal(documentsKey('d'.repeat(32), JWT), sealed, 'link-1')).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(() => unseal(key, tampered, 'link-1')).toThrow();
  });

  it('derives a key of its own: DOCUMENTS_KEY when set, else JWT_SECRET under another label than access tokens', () => {
    expect(documentsKey(undefined, JWT).equals(documentsKey('d'.repeat(32), JWT))).toBe(false);
    expect(documentsKey(undefined, JWT).equals(Buffer.from(JWT.slice(0, 32)))).toBe(false);
    expect(documentsKey(undefined, JWT)).toHaveLength(32);
  });
});
