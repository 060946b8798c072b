import { describe, expect, it } from '@jest/globals';
import { simpleParser } from 'mailparser';
import { postPlan, senderOf, skipReason, unreadablePlan, type PostFacts } from './mail-ingest-plan.js';

/** A fixture mail, CRLF line ends as on the wire. */
const mail = (headers: string[], body: string) => simpleParser(Buffer.from([...headers, '', body].join('\r\n')));

const plain = (extra: string[] = []) =>
  mail(
    [
      'From: 김민원 <citizen@example.org>',
      'To: room-abc@ieum.test',
      'Subject: 예산 자료 요청',
      'Message-ID: <m1@example.org>',
      'Content-Type: text/plain; charset=utf-8',
      ...extra,
    ],
    '안녕하세요.\r\n자료를 보내 주세요.',
  );

const withAttachments = () =>
  mail(
    [
      'From: 김민원 <citizen@example.org>',
      'Subject: 첨부',
      'Message-ID: <m2@example.org>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
    ],
    [
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      '두 파일입니다.',
      '--b',
      'Content-Type: text/plain; name="small.txt"',
      'Content-Disposition: attachment; filename="small.txt"',
      '',
      'small',
      '--b',
      'Content-Type: application/octet-stream; name="big.bin"',
      'Content-Disposition: attachment; filename="big.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.alloc(3000, 1).toString('base64'),
      '--b--',
      '',
    ].join('\r\n'),
  );

const facts = (over: Partial<PostFacts> = {}): PostFacts => ({
  inbound: { id: '0b9c3c3e-8d1f-4f57-9a53-0c6a3a2f6c11', roomId: 'c7d5d1f0-65d4-4b9c-9f2e-5e8f7d7b2a10' },
  messageId: '<m1@example.org>',
  auth: { spf: 'pass', dkim: 'pass', dmarc: 'pass' },
  markFailed: false,
  isReply: false,
  replyOwnerName: null,
  sender: { address: 'citizen@example.org', name: '김민원' },
  known: null,
  maxBytes: 1024,
  thread: null,
  ...over,
});

describe('skipReason: what is never posted', () => {
  it('posts a person’s mail', async () => {
    expect(skipReason(await plain(), 'citizen@example.org', 'ieum.test')).toBeNull();
  });

  it('skips bounces, auto-replies, bulk, loops and our own domain', async () => {
    expect(skipReason(await plain(), null, 'ieum.test')).toBe('bounce');
    expect(skipReason(await plain(['Auto-Submitted: auto-replied']), 'a@example.org', 'ieum.test')).toBe(
      'auto-submitted',
    );
    expect(skipReason(await plain(['Auto-Submitted: no']), 'a@example.org', 'ieum.test')).toBeNull();
    expect(skipReason(await plain(['Precedence: bulk']), 'a@example.org', 'ieum.test')).toBe('bulk');
    expect(skipReason(await plain(['X-Loop: ieum']), 'a@example.org', 'ieum.test')).toBe('loop');
    expect(skipReason(await plain(), 'noreply@IEUM.test', 'ieum.test')).toBe('own-domain');
  });
});

describe('senderOf', () => {
  it('reads the header’s sender, else an envelope address', async () => {
    expect(senderOf(await plain(), 'other@example.org')).toEqual({ address: 'citizen@example.org', name: '김민원' });
    const noFrom = await mail(['Subject: x'], 'x');
    expect(senderOf(noFrom, ' Env@Example.org ')).toEqual({ address: 'env@example.org', name: '' });
    expect(senderOf(noFrom, 'not an address')).toBeNull();
  });
});

describe('postPlan', () => {
  it('posts the sender, the subject as a title and the text, opening a thread with the sender', async () => {
    const plan = postPlan(await plain(), facts());
    if (plan.kind !== 'post') throw new Error(plan.kind);
    expect(plan.body).toContain('김민원 <citizen@example.org>');
    expect(plan.body).toContain('[예산 자료 요청]');
    expect(plan.body).toContain('자료를 보내 주세요.');
    expect(plan.thread).toEqual({ open: { subject: '예산 자료 요청', correspondent: 'citizen@example.org' } });
    expect(plan.attachments).toEqual([]);
  });

  it('is idempotent by Message-ID per room, and by the stored mail without one', async () => {
    const parsed = await plain();
    const a = postPlan(parsed, facts());
    const again = postPlan(
      parsed,
      facts({ inbound: { ...facts().inbound, id: '5a1e6b1d-7c1a-4d8e-8b58-0f5e3d6c4a22' } }),
    );
    const otherRoom = postPlan(
      parsed,
      facts({ inbound: { ...facts().inbound, roomId: '9e3b7a55-1d2c-4e8f-a9b0-3c4d5e6f7a8b' } }),
    );
    const noId = postPlan(parsed, facts({ messageId: null }));
    if (a.kind !== 'post' || again.kind !== 'post' || otherRoom.kind !== 'post' || noId.kind !== 'post')
      throw new Error('not posts');
    expect(again.clientMessageId).toBe(a.clientMessageId);
    expect(otherRoom.clientMessageId).not.toBe(a.clientMessageId);
    expect(noId.clientMessageId).not.toBe(a.clientMessageId);
    expect(a.clientMessageId).toMatch(/^mail-[A-Za-z0-9_-]{40}$/);
  });

  it('attaches what fits and says, in both languages, what was left out', async () => {
    const plan = postPlan(await withAttachments(), facts({ maxBytes: 1024 }));
    if (plan.kind !== 'post') throw new Error(plan.kind);
    expect(plan.attachments.map((f) => [f.name, f.content.toString()])).toEqual([['small.txt', 'small']]);
    expect(plan.body).toContain('big.bin: 3 KiB, over the 1 KiB limit / 용량 초과로 첨부하지 않음');
  });

  it('warns of a failed authentication and of an unverified reply, and a reply carries no title', async () => {
    const plan = postPlan(
      await plain(),
      facts({
        markFailed: true,
        auth: { spf: 'fail', dkim: 'none', dmarc: 'fail' },
        isReply: true,
        replyOwnerName: '이행안',
      }),
    );
    if (plan.kind !== 'post') throw new Error(plan.kind);
    expect(plan.body).toContain('발신자 인증 실패 (SPF fail, DKIM none, DMARC fail)');
    expect(plan.body).toContain('미확인 발신자: 이행안 님의 회신 주소');
    expect(plan.body).not.toContain('[예산 자료 요청]');
  });

  it('names only the address of a colleague whose domain did not authenticate', async () => {
    const verified = postPlan(await plain(), facts({ known: { displayName: '김행안', verified: true } }));
    const unverified = postPlan(await plain(), facts({ known: { displayName: '김행안', verified: false } }));
    if (verified.kind !== 'post' || unverified.kind !== 'post') throw new Error('not posts');
    expect(verified.body).toContain('(김행안)');
    expect(unverified.body).not.toContain('김행안');
    expect(unverified.body).toContain('✉️ citizen@example.org');
  });

  it('goes into the known thread when there is one', async () => {
    const thread = {
      threadId: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
      rootMessageId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    };
    const plan = postPlan(await plain(), facts({ thread }));
    if (plan.kind !== 'post') throw new Error(plan.kind);
    expect(plan.thread).toEqual(thread);
  });
});

describe('unreadablePlan', () => {
  it('attaches the raw mail as .eml when it fits, and says so in both languages', () => {
    const raw = Buffer.from('not mime at all');
    const fits = unreadablePlan('0b9c3c3e-8d1f-4f57-9a53-0c6a3a2f6c11', 'room', raw, 1024);
    const over = unreadablePlan('0b9c3c3e-8d1f-4f57-9a53-0c6a3a2f6c11', 'room', raw, 4);
    if (fits.kind !== 'post' || over.kind !== 'post') throw new Error('not posts');
    expect(fits.attachments).toEqual([{ name: 'mail-0b9c3c3e.eml', content: raw }]);
    expect(fits.body).toContain('원문 보관, 첨부');
    expect(over.attachments).toEqual([]);
    expect(over.body).toContain('A mail arrived that could not be read (kept raw, 0b9c3c3e)');
    expect(fits.clientMessageId).toBe(over.clientMessageId);
  });
});
