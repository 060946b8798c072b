import { describe, expect, it } from '@jest/globals';
import { Matches, MaxLength, validateSync } from 'class-validator';
import { describeValidationErrors } from './validation-messages.js';

class Form {
  @Matches(/^[a-z]+$/, { message: 'login: lower-case letters only / 아이디는 영문 소문자로만 씁니다' })
  login!: string;

  @MaxLength(3)
  name!: string;
}

describe('validation problems in Korean and English', () => {
  it('keeps a rule’s own words in both languages, and writes Korean for the rest', () => {
    const form = Object.assign(new Form(), { login: 'Bad!', name: '너무 긴 이름' });
    const problems = describeValidationErrors(validateSync(form, { validationError: { target: true, value: true } }));
    expect(problems).toEqual([
      { field: 'login', problems: [{ en: 'login: lower-case letters only', ko: '아이디는 영문 소문자로만 씁니다' }] },
      {
        field: 'name',
        problems: [
          {
            en: 'name must be shorter than or equal to 3 characters',
            ko: expect.stringContaining('3자 이하로 입력하세요'),
          },
        ],
      },
    ]);
  });
});
