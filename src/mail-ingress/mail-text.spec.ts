import { describe, expect, it } from '@jest/globals';
import { composeBody } from './mail-text.js';

describe('composeBody', () => {
  const notice = '⚠️ 발신자 인증 실패 / Sender authentication failed';

  it('puts sender, subject, text and notices together', () => {
    expect(composeBody({ head: '✉️ a@example.org', title: '[제목]', text: '본문', notices: [notice] })).toBe(`✉️ a@example.org\n[제목]\n\n본문\n\n${notice}`);
    expect(composeBody({ head: '✉️ a@example.org', title: null, text: '본문', notices: [] })).toBe('✉️ a@example.org\n\n본문');
  });

  it('cuts a long text, never the head, the subject or the notices', () => {
    const body = composeBody({ head: '✉️ a@example.org', title: '[긴 메일]', text: '가'.repeat(20_000), notices: [notice, '⚠️ big.pdf: over the limit'] }, 10_000);
    expect(body.length).toBeLessThanOrEqual(10_000);
    expect(body.startsWith('✉️ a@example.org\n[긴 메일]\n\n가가가')).toBe(true);
    expect(body.endsWith(`가\n… (본문이 길어 잘렸습니다 / the rest of the mail was cut)\n\n${notice}\n⚠️ big.pdf: over the limit`)).toBe(true);
  });

  it('never splits a surrogate pair, and keeps room for the text when there are thousands of notices', () => {
    for (const max of [50, 101, 102]) {
      const body = composeBody({ head: 'h', title: null, text: '😀'.repeat(100), notices: [] }, max);
      expect(body.length).toBeLessThanOrEqual(max);
      expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
    const many = composeBody({ head: 'h', title: null, text: '본문', notices: Array.from({ length: 5_000 }, (_, i) => `⚠️ file-${i}.bin: over the limit`) }, 10_000);
    expect(many.length).toBeLessThanOrEqual(10_000);
    expect(many).toContain('\n\n본문\n\n⚠️ file-0.bin');
    expect(many).toMatch(/⚠️ … 외 \d+건 \/ and \d+ more$/);
  });
});
