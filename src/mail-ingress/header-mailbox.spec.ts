import { describe, expect, it } from '@jest/globals';
import { simpleParser } from 'mailparser';
import { firstMailbox, oneLine } from './header-mailbox.js';

const word = (text: string) => `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
const from = async (value: string) =>
  firstMailbox((await simpleParser(Buffer.from(`From: ${value}\r\nSubject: x\r\n\r\nbody\r\n`))).from);

describe('firstMailbox', () => {
  it('reads name and address from one encoded word, as mail programs do', async () => {
    await expect(from('=?UTF-8?B?7ZmN6ri464+ZIDxob25nQGV4YW1wbGUua3I+?=')).resolves.toEqual({
      name: '홍길동',
      address: 'hong@example.kr',
    });
    await expect(from(word('Hong@Example.KR'))).resolves.toEqual({ name: '', address: 'hong@example.kr' });
    await expect(from(word('"홍, 길동" <hong@example.kr>'))).resolves.toEqual({
      name: '홍, 길동',
      address: 'hong@example.kr',
    });
  });

  it('keeps the address the header carries: a name never replaces it', async () => {
    await expect(from(`${word('대표 <ceo@bank.example>')} <hong@example.kr>`)).resolves.toEqual({
      name: '대표 <ceo@bank.example>',
      address: 'hong@example.kr',
    });
    await expect(from(`${word('홍길동')} <hong@example.kr>`)).resolves.toEqual({
      name: '홍길동',
      address: 'hong@example.kr',
    });
  });

  it('never gives a name a line break or a control character', async () => {
    await expect(from(`${word('홍길동\r\nBcc: boss@mois.go.kr')} <hong@example.kr>`)).resolves.toEqual({
      name: '홍길동 Bcc: boss@mois.go.kr',
      address: 'hong@example.kr',
    });
    await expect(from(word('홍길동\u2028\u202e <hong@example.kr>'))).resolves.toEqual({
      name: '홍길동',
      address: 'hong@example.kr',
    });
  });

  it('is null when no mailbox can be answered: a bare name, an empty group, an address that is not one', async () => {
    await expect(from(word('홍길동'))).resolves.toBeNull();
    await expect(from('undisclosed-recipients:;')).resolves.toBeNull();
    await expect(from('nobody')).resolves.toBeNull();
    expect(firstMailbox(undefined)).toBeNull();
  });

  it('takes the first mailbox that can be answered, inside a group too', async () => {
    await expect(from('"아무개" <nobody>, "이행안" <lee@mois.go.kr>')).resolves.toEqual({
      name: '이행안',
      address: 'lee@mois.go.kr',
    });
    await expect(from('팀: "이행안" <lee@mois.go.kr>;')).resolves.toEqual({
      name: '이행안',
      address: 'lee@mois.go.kr',
    });
  });
});

describe('oneLine', () => {
  it('turns control characters, separators and bidi overrides into single spaces', () => {
    expect(oneLine(' 예산\r\n\t협의\u0000자료\u2029\u202e끝 ')).toBe('예산 협의 자료 끝');
  });
});
