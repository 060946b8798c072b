import { describe, expect, it } from '@jest/globals';
import iconv from 'iconv-lite';
import { simpleParser } from 'mailparser';
import { toIso2022Kr } from '../../test/utils/korean-charsets.js';
import { iso2022krToEucKr, normaliseIso2022Kr } from './iso-2022-kr.js';

describe('ISO-2022-KR', () => {
  it('turns shifted text into EUC-KR', () => {
    expect(iconv.decode(iso2022krToEucKr(toIso2022Kr('협업 과제 ABC 123')), 'euc-kr')).toBe('협업 과제 ABC 123');
  });

  it('rewrites a message so the parser reads its subject and body', async () => {
    const subject = `=?iso-2022-kr?B?${toIso2022Kr('예산 협의').toString('base64')}?=`;
    const raw = Buffer.concat([
      Buffer.from(`From: a@example.org\r\nSubject: ${subject}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset="ISO-2022-KR"\r\nContent-Transfer-Encoding: 7bit\r\n\r\n`),
      toIso2022Kr('부처간 협업 자료를 보내드립니다.\r\n둘째 줄입니다.'),
      Buffer.from('\r\n'),
    ]);
    const mail = await simpleParser(normaliseIso2022Kr(raw));
    expect(mail.subject).toBe('예산 협의');
    expect(mail.text?.trim()).toBe('부처간 협업 자료를 보내드립니다.\n둘째 줄입니다.');
  });

  it('leaves other messages byte for byte as they were', () => {
    const raw = Buffer.from('Subject: hello\r\n\r\n\u000e stays\r\n');
    expect(normaliseIso2022Kr(raw)).toBe(raw);
  });
});
