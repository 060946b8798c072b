import { describe, expect, it } from '@jest/globals';
import { baseSubject, composeBody, foldQuoted, htmlToSafeText, senderLine } from './mail-text.js';

describe('composeBody', () => {
  const notice = '⚠️ 발신자 인증 실패 / Sender authentication failed';

  it('puts sender, subject, text and notices together', () => {
    expect(composeBody({ head: '✉️ a@example.org', title: '[제목]', text: '본문', notices: [notice] })).toBe(
      `✉️ a@example.org\n[제목]\n\n본문\n\n${notice}`,
    );
    expect(composeBody({ head: '✉️ a@example.org', title: null, text: '본문', notices: [] })).toBe(
      '✉️ a@example.org\n\n본문',
    );
  });

  it('cuts a long text, never the head, the subject or the notices', () => {
    const body = composeBody(
      {
        head: '✉️ a@example.org',
        title: '[긴 메일]',
        text: '가'.repeat(20_000),
        notices: [notice, '⚠️ big.pdf: over the limit'],
      },
      10_000,
    );
    expect(body.length).toBeLessThanOrEqual(10_000);
    expect(body.startsWith('✉️ a@example.org\n[긴 메일]\n\n가가가')).toBe(true);
    expect(
      body.endsWith(
        `가\n… (본문이 길어 잘렸습니다 / the rest of the mail was cut)\n\n${notice}\n⚠️ big.pdf: over the limit`,
      ),
    ).toBe(true);
  });

  it('never splits a surrogate pair, and keeps room for the text when there are thousands of notices', () => {
    for (const max of [50, 101, 102]) {
      const body = composeBody({ head: 'h', title: null, text: '😀'.repeat(100), notices: [] }, max);
      expect(body.length).toBeLessThanOrEqual(max);
      expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
    const many = composeBody(
      {
        head: 'h',
        title: null,
        text: '본문',
        notices: Array.from({ length: 5_000 }, (_, i) => `⚠️ file-${i}.bin: over the limit`),
      },
      10_000,
    );
    expect(many.length).toBeLessThanOrEqual(10_000);
    expect(many).toContain('\n\n본문\n\n⚠️ file-0.bin');
    expect(many).toMatch(/⚠️ … 외 \d+건 \/ and \d+ more$/);
  });
});

describe('foldQuoted', () => {
  const reply = '자료 보내드립니다.\n확인 부탁드립니다.';

  it.each([
    ['Gmail (Korean)', '2026년 11월 24일 (화) 오전 10:00, 김행안 <kim@mois.go.kr>님이 작성:\n> 자료 부탁드립니다.'],
    ['Gmail (English)', 'On Tue, Nov 24, 2026 at 10:00 AM Kim <kim@mois.go.kr> wrote:\n> Please send it.'],
    ['Outlook separator', '-----Original Message-----\nFrom: kim@mois.go.kr\nSubject: 자료'],
    ['Outlook separator (Korean)', '-----원본 메시지-----\n보낸 사람: kim@mois.go.kr'],
    ['Korean webmail separator', '----- 원본 메일 -----\n보낸사람: kim@mois.go.kr\n받는사람: lee@mois.go.kr'],
    ['forwarded', '---------- Forwarded message ---------\nFrom: kim@mois.go.kr'],
    [
      'Outlook header block',
      '________________________________\nFrom: 김행안 <kim@mois.go.kr>\nSent: Tuesday, November 24, 2026 10:00 AM\nTo: 이행안\nSubject: 자료\n\n자료 부탁드립니다.',
    ],
    [
      'Outlook header block, bold',
      '*From:* 김행안 <kim@mois.go.kr>\n*Sent:* Tuesday, November 24, 2026 10:00 AM\n*To:* 이행안',
    ],
    [
      'Outlook header block (Korean)',
      '보낸 사람: 김행안 <kim@mois.go.kr>\n보낸 날짜: 2026년 11월 24일 화요일 오전 10:00\n받는 사람: 이행안\n제목: 자료',
    ],
    ['a header block with Date', 'From: kim@mois.go.kr\nDate: Tue, 24 Nov 2026 10:00:00 +0900\nSubject: 자료'],
    ['signature', '-- \n김행안 드림\n행정안전부'],
    ['trailing > lines', '> 자료 부탁드립니다.\n>\n> 김행안'],
  ])('folds a %s', (_name, quoted) => {
    expect(foldQuoted(`${reply}\n\n${quoted}`)).toBe(reply);
  });

  it('keeps what only looks like a quote: From: without Sent:, > inside the text, CRLF line ends', () => {
    expect(foldQuoted('From: 회의실 예약 담당자에게 물어보세요.\n내일 봅시다.')).toBe(
      'From: 회의실 예약 담당자에게 물어보세요.\n내일 봅시다.',
    );
    expect(foldQuoted('> 인용\n제 답은 이렇습니다.')).toBe('> 인용\n제 답은 이렇습니다.');
    expect(foldQuoted('첫 줄\r\n둘째 줄\r\n\r\n-----Original Message-----\r\nFrom: x')).toBe('첫 줄\n둘째 줄');
  });
});

describe('baseSubject', () => {
  it.each([
    ['Re: 예산 협의', '예산 협의'],
    ['RE: Re: 자료 요청 [ieum:abcdefghij]', '자료 요청'],
    ['회신: 전달: Fwd: 공지', '공지'],
    ['RE[2]: 답장: 회의', '회의'],
    ['AW: SV: FW: Budget', 'Budget'],
    ['Re：전각 콜론', '전각 콜론'],
    ['Re: ', '(제목 없음)'],
    ['Return of the report', 'Return of the report'],
  ])('%s → %s', (subject, base) => {
    expect(baseSubject(subject)).toBe(base);
  });

  it('keeps at most 400 characters', () => {
    expect(baseSubject(`Re: ${'가'.repeat(1000)}`)).toHaveLength(400);
  });
});

describe('htmlToSafeText', () => {
  it('drops scripts, styles and images, keeps link addresses', () => {
    expect(
      htmlToSafeText(
        '<style>p{}</style><p>본문 <img src="http://t.invalid/p.gif" alt="px"> <a href="https://a.example/x">링크</a></p><script>x()</script>',
      ),
    ).toBe('본문 링크 [https://a.example/x]');
  });

  it('bounds deep nesting and answers a notice rather than throwing', () => {
    const deep = `${'<div>'.repeat(5_000)}깊은 본문${'</div>'.repeat(5_000)}`;
    expect(htmlToSafeText(deep)).not.toContain('깊은 본문');
    expect(typeof htmlToSafeText(null as unknown as string)).toBe('string');
  });
});

describe('senderLine', () => {
  it("shows a colleague's directory name only when verified, the bare address otherwise", () => {
    expect(senderLine('lee@mois.go.kr', '이행안', { displayName: '이행안', verified: true })).toBe(
      '✉️ 이행안 <lee@mois.go.kr> (이행안)',
    );
    expect(senderLine('lee@mois.go.kr', '이행안', { displayName: '이행안', verified: false })).toBe(
      '✉️ lee@mois.go.kr',
    );
    expect(senderLine('park@partner.example', '박협력', null)).toBe('✉️ 박협력 <park@partner.example>');
    expect(senderLine('', '', null)).toBe('✉️ (보낸 사람 주소 없음 / no sender address)');
  });
});
