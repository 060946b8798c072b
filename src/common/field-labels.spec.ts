import { describe, expect, it } from '@jest/globals';
import { fieldLabel, josa } from './field-labels.js';

describe('field labels', () => {
  it('picks 을/를, 은/는, 이/가 by the last syllable', () => {
    expect(josa('기관 코드', '을/를')).toBe('기관 코드를');
    expect(josa('이름', '을/를')).toBe('이름을');
    expect(josa('이메일 주소', '이/가')).toBe('이메일 주소가');
    expect(josa('비밀번호', '은/는')).toBe('비밀번호는');
    expect(josa('10', '은/는')).toBe('10은');
    expect(josa('clientKey', '을/를')).toBe('clientKey을(를)');
  });

  it('names a nested field by its last named part', () => {
    expect(fieldLabel('records.2.agencyCode')).toBe('기관 코드');
    expect(fieldLabel('somethingNew')).toBe('somethingNew');
  });
});
