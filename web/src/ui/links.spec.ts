import { describe, expect, it } from '@jest/globals';
import { safeHref, textLinks } from './links';

const HOSTILE = [
  'javascript:alert(document.cookie)',
  'JavaScript:alert(1)',
  ' \tjavascript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
];

describe('safeHref', () => {
  it('lets web and mail addresses through, as written', () => {
    expect(safeHref('https://www.mois.go.kr/notice/1')).toBe('https://www.mois.go.kr/notice/1');
    expect(safeHref('http://127.0.0.1:3000/x')).toBe('http://127.0.0.1:3000/x');
    expect(safeHref('mailto:hong@example.kr')).toBe('mailto:hong@example.kr');
    expect(safeHref('mailto:hong@example.kr', false)).toBeNull();
  });

  it('never opens a javascript:, data:, vbscript: or file: address, whatever its case or padding', () => {
    for (const href of [...HOSTILE, 'not a url', '']) expect(safeHref(href)).toBeNull();
  });
});

describe('textLinks', () => {
  it('links web addresses and, where asked, mail addresses', () => {
    const text = '공지 https://www.mois.go.kr/notice/1 와 www.korea.kr, 문의 hong@example.kr';
    expect(textLinks(text, { mail: true }).map((l) => [l.label, l.href])).toEqual([
      ['https://www.mois.go.kr/notice/1', 'https://www.mois.go.kr/notice/1'],
      ['www.korea.kr', 'https://www.korea.kr'],
      ['hong@example.kr', 'mailto:hong@example.kr'],
    ]);
    expect(textLinks(text, { mail: false }).map((l) => l.label)).toEqual([
      'https://www.mois.go.kr/notice/1',
      'www.korea.kr',
    ]);
  });

  it("leaves a hostile URL as text: a mail's link in brackets, or typed bare", () => {
    for (const href of HOSTILE) {
      for (const text of [`클릭 [${href}]`, href, `<a href="${href}">x</a>`])
        expect(textLinks(text, { mail: true })).toEqual([]);
    }
  });

  it('gives offsets that cut the text back into its pieces', () => {
    const text = '보기: https://x.kr/a 끝';
    const [link] = textLinks(text, { mail: true });
    expect(text.slice(link?.start, link?.end)).toBe('https://x.kr/a');
  });
});
