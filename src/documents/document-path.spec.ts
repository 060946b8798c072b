import { describe, expect, it } from '@jest/globals';
import { folderPath, numberedName } from './document-path.js';

describe('folderPath', () => {
  it.each([
    ['보고서/초안.hwp', '/보고서/초안.hwp'],
    ['/보고서//초안.hwp', '/보고서/초안.hwp'],
    ['  /공유/  ', '/공유'],
    ['/', '/'],
    ['%2e%2e/x', '/%2e%2e/x'],
  ])('%s is %s', (input, expected) => {
    expect(folderPath(input)).toBe(expected);
  });

  it.each(['../x', '/a/../../b', 'a/./b', '..', 'a\\..\\b', 'a/\u0000b', 'a\nb', 'a/ b/c'])(
    'refuses %j with DOCUMENTS_PATH_OUTSIDE',
    (input) => {
      expect(() => folderPath(input)).toThrow(expect.objectContaining({ code: 'DOCUMENTS_PATH_OUTSIDE' }));
    },
  );

  it('puts decomposed Hangul into one form, so a name typed on another system matches', () => {
    expect(folderPath('/\u1100\u1161.txt')).toBe('/가.txt');
  });
});

describe('numberedName', () => {
  it('numbers before the extension', () => {
    expect(numberedName('회의록.txt', 2)).toBe('회의록 (2).txt');
    expect(numberedName('README', 3)).toBe('README (3)');
    expect(numberedName('.hidden', 2)).toBe('.hidden (2)');
  });
});
