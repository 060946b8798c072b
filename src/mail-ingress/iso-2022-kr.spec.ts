import { describe, expect, it } from '@jest/globals';
import iconv from 'iconv-lite';
import { simpleParser } from 'mailparser';
import { toIso2022Kr } from '../../test/utils/korean-charsets.js';
import {
  decodeIso2022KrHeaders,
  decodeIso2022KrRuns,
  iso2022KrParserOptions,
  iso2022krToEucKr,
} from './iso-2022-kr.js';

const parse = async (raw: Buffer) =>
  decodeIso2022KrHeaders(await simpleParser(raw, { skipHtmlToText: true, ...iso2022KrParserOptions(raw) }));
const percent = (bytes: Buffer) => [...bytes].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

describe('ISO-2022-KR', () => {
  it('turns shifted text into EUC-KR', () => {
    expect(iconv.decode(iso2022krToEucKr(toIso2022Kr('협업 과제 ABC 123')), 'euc-kr')).toBe('협업 과제 ABC 123');
  });

  it('decodes a 7bit body and an RFC 2047 subject', async () => {
    const subject = `=?iso-2022-kr?B?${toIso2022Kr('예산 협의').toString('base64')}?=`;
    const raw = Buffer.concat([
      Buffer.from(
        `From: a@example.org\r\nSubject: ${subject}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset="ISO-2022-KR"\r\nContent-Transfer-Encoding: 7bit\r\n\r\n`,
      ),
      toIso2022Kr('부처간 협업 자료를 보내드립니다.\r\n둘째 줄입니다.'),
      Buffer.from('\r\n'),
    ]);
    const mail = await parse(raw);
    expect(mail.subject).toBe('예산 협의');
    expect(mail.text?.trim()).toBe('부처간 협업 자료를 보내드립니다.\n둘째 줄입니다.');
  });

  it('decodes each part after its transfer encoding, and an RFC 2231 file name, leaving the other parts as they are', async () => {
    const name = toIso2022Kr('회의 자료.txt');
    const other = Buffer.from('charset="iso-2022-kr" \u000e\u001b$)C stays\r\n', 'latin1');
    const raw = Buffer.concat([
      Buffer.from(
        [
          'From: =?iso-2022-kr?Q?' + percent(toIso2022Kr('김철수')).replace(/%/g, '=') + '?= <a@example.org>',
          'Subject: =?utf-8?B?' +
            Buffer.from('안내 ').toString('base64') +
            '?= =?iso-2022-kr?B?' +
            toIso2022Kr('공문').toString('base64') +
            '?=',
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary=b',
          '',
          '--b',
          'Content-Type: text/plain; charset=iso-2022-kr',
          'Content-Transfer-Encoding: base64',
          '',
          toIso2022Kr('첫째 부분 본문').toString('base64'),
          '--b',
          'Content-Type: text/html; charset=iso-2022-kr',
          'Content-Transfer-Encoding: quoted-printable',
          '',
          `<p>${percent(toIso2022Kr('둘째 부분')).replace(/%/g, '=')}</p>`,
          '--b',
          `Content-Type: text/plain; name*=iso-2022-kr''${percent(name)}`,
          `Content-Disposition: attachment; filename*0*=iso-2022-kr''${percent(name.subarray(0, 7))}; filename*1*=${percent(name.subarray(7))}`,
          'Content-Transfer-Encoding: 8bit',
          '',
          '',
        ].join('\r\n'),
      ),
      other,
      Buffer.from('--b--\r\n'),
    ]);
    const mail = await parse(raw);
    expect(mail.from?.value[0]).toEqual({ name: '김철수', address: 'a@example.org' });
    expect(mail.subject).toBe('안내 공문');
    expect(mail.text?.trim()).toBe('첫째 부분 본문');
    expect(mail.html).toContain('<p>둘째 부분</p>');
    expect(mail.attachments.map((a) => a.filename)).toEqual(['회의 자료.txt']);
    // The line break before the boundary is the boundary's.
    expect(mail.attachments[0]?.content.toString('latin1')).toBe(other.subarray(0, -2).toString('latin1'));
  });

  it('leaves text without the designation as it is', () => {
    expect(decodeIso2022KrRuns('plain \u000e text')).toBe('plain \u000e text');
    expect(iso2022KrParserOptions(Buffer.from('Subject: hello\r\n\r\nhi\r\n'))).toEqual({});
  });
});
