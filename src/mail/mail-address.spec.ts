import { describe, expect, it } from '@jest/globals';
import { isMailAddress } from './mail-address.js';

describe('isMailAddress', () => {
  it('takes local@domain, Korean domains and plus addressing', () => {
    for (const ok of ['hong@example.kr', 'kim.mois+notice@mois.go.kr', 'user@localhost', '민원@기관.한국'])
      expect(isMailAddress(ok)).toBe(true);
  });

  it('refuses what no server can deliver to: nothing, a name, a mailbox with its name, a group, a line break', () => {
    const bad = [
      '',
      ' ',
      '홍길동',
      '홍길동 <hong@example.kr>',
      '<hong@example.kr>',
      'a@b.kr, c@d.kr',
      'undisclosed-recipients:;',
      'a@b.kr\r\nBcc: c@d.kr',
      'a@@b.kr',
      '@b.kr',
      'a@',
      'a@.kr',
      'a@b..kr',
      `${'a'.repeat(250)}@b.kr`,
    ];
    expect(bad.filter(isMailAddress)).toEqual([]);
  });
});
