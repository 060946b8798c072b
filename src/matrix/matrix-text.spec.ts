import { describe, expect, it } from '@jest/globals';
import {
  editContent,
  fileContent,
  inboundBody,
  inboundFile,
  inboundText,
  isRoomAddress,
  matrixIdsIn,
  mentionedIds,
  outboundContent,
  withIeumMentions,
} from './matrix-text.js';

describe('Matrix text', () => {
  it('takes the HTML body as safe text: no script, no image fetched, the reply fallback dropped', () => {
    const html =
      '<mx-reply><blockquote>quoted</blockquote></mx-reply>안녕 <b>여러분</b><script>alert(1)</script><img src="https://tracker.example/p.png">';
    expect(
      inboundText(
        { msgtype: 'm.text', body: '> quoted\n\n안녕 여러분', format: 'org.matrix.custom.html', formatted_body: html },
        'Alice',
      ),
    ).toBe('안녕 여러분');
    expect(inboundText({ msgtype: 'm.text', body: '> <@bob:x> quoted\n> more\n\nthe answer' }, 'Alice')).toBe(
      'the answer',
    );
  });

  it('shows an emote with the name, a file as a notice, and nothing for content it cannot show', () => {
    expect(inboundText({ msgtype: 'm.emote', body: 'waves' }, 'Alice')).toBe('* Alice waves');
    expect(inboundText({ msgtype: 'm.image', body: 'plan.png' }, 'Alice')).toMatch(/^📎 plan\.png/);
    expect(inboundText({ msgtype: 'm.location', body: 'geo:1,2' }, 'Alice')).toBeNull();
    expect(inboundText({ msgtype: 'm.text', body: '   ' }, 'Alice')).toBeNull();
  });

  it('heads a post with who wrote it, and keeps it within the message limit', () => {
    expect(inboundBody('Alice', '@alice:hs', 'hi')).toBe('Alice (@alice:hs)\nhi');
    expect(inboundBody('@alice:hs', '@alice:hs', 'hi')).toBe('@alice:hs\nhi');
    expect([...inboundBody('A', '@a:hs', '가'.repeat(20_000))].length).toBeLessThanOrEqual(10_000);
  });

  it('sends Ieum text as plain and escaped HTML bodies, and an edit as m.replace with a fallback', () => {
    expect(outboundContent('<b>1 & 2</b>\n"끝"')).toEqual({
      msgtype: 'm.text',
      body: '<b>1 & 2</b>\n"끝"',
      format: 'org.matrix.custom.html',
      formatted_body: '&lt;b&gt;1 &amp; 2&lt;/b&gt;<br>&quot;끝&quot;',
    });
    expect(editContent('$e', '새 글')).toMatchObject({
      body: '* 새 글',
      'm.new_content': { body: '새 글' },
      'm.relates_to': { rel_type: 'm.replace', event_id: '$e' },
    });
  });

  it('knows a room alias or id from anything else', () => {
    for (const ok of ['#budget:example.org', '!abc:example.org:8448']) expect(isRoomAddress(ok)).toBe(true);
    for (const bad of ['budget', '#budget', '@alice:example.org', '#a b:example.org', '#a:exa mple'])
      expect(isRoomAddress(bad)).toBe(false);
  });

  it('reads a file event’s media, name and declared size; a caption (body beside filename) is its text', () => {
    expect(inboundFile({ msgtype: 'm.file', body: 'a.pdf', url: 'mxc://hs/abc', info: { size: 12 } })).toEqual({
      mxcUri: 'mxc://hs/abc',
      name: 'a.pdf',
      declaredSize: 12,
    });
    expect(inboundFile({ msgtype: 'm.text', body: 'a.pdf', url: 'mxc://hs/abc' })).toBeNull();
    expect(
      inboundText({ msgtype: 'm.image', body: '회의 사진입니다', filename: 'p.png', url: 'mxc://hs/x' }, 'A'),
    ).toBe('회의 사진입니다');
    expect(fileContent({ name: 'p.png', contentType: 'image/png', size: 3 }, 'mxc://hs/x')).toMatchObject({
      msgtype: 'm.image',
      url: 'mxc://hs/x',
      info: { mimetype: 'image/png', size: 3 },
    });
    expect(
      fileContent({ name: 'a.txt', contentType: 'text/plain; charset=utf-8', size: 3 }, 'mxc://hs/y'),
    ).toMatchObject({ msgtype: 'm.file', info: { mimetype: 'text/plain' } });
  });

  it('maps mentions: Matrix ids written in Ieum text, m.mentions read, and puppets’ pills turned into @login', () => {
    expect(matrixIdsIn('hi @alice:example.org and kim@mail.go.kr, @bob:hs:8448.')).toEqual([
      '@alice:example.org',
      '@bob:hs:8448',
    ]);
    expect(mentionedIds({ 'm.mentions': { user_ids: ['@a:hs', 3] } })).toEqual(['@a:hs']);
    const html = '<a href="https://matrix.to/#/@ieum_1:hs">김행안 (행안부)</a> 님 안녕하세요';
    const text =
      inboundText(
        {
          msgtype: 'm.text',
          body: '김행안 (행안부) 님 안녕하세요',
          format: 'org.matrix.custom.html',
          formatted_body: html,
        },
        'A',
      ) ?? '';
    expect(withIeumMentions(text, [{ login: 'kim.mx', displayName: '김행안 (행안부)' }])).toBe('@kim.mx 님 안녕하세요');
    expect(withIeumMentions('안녕하세요', [{ login: 'kim.mx', displayName: '김행안' }])).toBe('@kim.mx 안녕하세요');
  });
});
