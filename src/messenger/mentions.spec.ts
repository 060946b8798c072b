import { describe, expect, it } from '@jest/globals';
import { mentionNames } from './mentions.js';

describe('mentionNames', () => {
  it('finds users, agencies and room mentions, once each', () => {
    expect(mentionNames('@kim.mois 님, @행정안전부 와 @room 확인 부탁드립니다. @KIM.MOIS')).toEqual([
      'kim.mois',
      '행정안전부',
      'room',
    ]);
  });

  it('reads full-width forms and ignores e-mail addresses', () => {
    expect(mentionNames('＠ｌｅｅ 메일은 lee@example.org 로')).toEqual(['lee']);
  });

  it('stops at punctuation', () => {
    expect(mentionNames('(@park) 「@choi」 @jung, @han! @lee.mois.')).toEqual([
      'park',
      'choi',
      'jung',
      'han',
      'lee.mois',
    ]);
  });
});
