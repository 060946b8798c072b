import { describe, expect, it } from '@jest/globals';
import { CommonException } from './ieum.exception.js';
import { checkJsonText, inspectInput } from './input-shape.js';

const codeOf = (run: () => void): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof CommonException ? error.code : String(error);
  }
};

describe('checkJsonText', () => {
  it('refuses nesting past the limit, arrays and objects alike, and takes it up to the limit', () => {
    expect(codeOf(() => checkJsonText('['.repeat(20_000) + ']'.repeat(20_000)))).toBe('JSON_TOO_DEEP');
    expect(codeOf(() => checkJsonText('{"a":'.repeat(33) + '1' + '}'.repeat(33)))).toBe('JSON_TOO_DEEP');
    expect(codeOf(() => checkJsonText('{"a":'.repeat(32) + '1' + '}'.repeat(32)))).toBeUndefined();
  });

  it('reads brackets, commas and escaped quotes inside strings as text', () => {
    expect(
      codeOf(() => checkJsonText(JSON.stringify({ a: '['.repeat(1_000), b: ',"\\'.repeat(20_000) }))),
    ).toBeUndefined();
    expect(codeOf(() => checkJsonText(JSON.stringify(['\\"', '['.repeat(100)])))).toBeUndefined();
  });

  it('refuses wide arrays and objects, counting items of each container apart', () => {
    expect(codeOf(() => checkJsonText(JSON.stringify(Array.from({ length: 10_001 }, () => 0))))).toBe('JSON_TOO_WIDE');
    expect(codeOf(() => checkJsonText(JSON.stringify(Array.from({ length: 10_000 }, () => 0))))).toBeUndefined();
    expect(
      codeOf(() =>
        checkJsonText(
          JSON.stringify(Object.fromEntries(Array.from({ length: 1_001 }, (_, i) => [`k${i}`, [1, 2, 3]]))),
        ),
      ),
    ).toBe('JSON_TOO_WIDE');
    expect(
      codeOf(() =>
        checkJsonText(JSON.stringify(Array.from({ length: 100 }, () => Array.from({ length: 900 }, () => 0)))),
      ),
    ).toBeUndefined();
  });

  it('leaves broken JSON to the parser', () => {
    expect(codeOf(() => checkJsonText('}}]]{"a":'))).toBeUndefined();
  });
});

describe('inspectInput', () => {
  it('names every string and key holding a control character, and lets tabs and line breaks through', () => {
    let fields: unknown;
    try {
      inspectInput({
        title: 'a\u0000',
        ok: '줄\n바꿈\t탭\r',
        records: [{ name: 'x' }, { name: '\u009b' }],
        ['key\u0007']: 1,
        del: '\u007f',
      });
    } catch (error) {
      fields = ((error as CommonException).details?.['fields'] as Array<{ field: string }>).map((f) => f.field);
    }
    expect((fields as string[]).sort()).toEqual(['del', 'key', 'records.1.name', 'title']);
    expect(() => inspectInput({ body: '첫 줄\r\n둘째\t줄', n: 1, none: null })).not.toThrow();
  });

  it('refuses the keys class-transformer would drop without a word, at any depth, after control characters', () => {
    for (const text of [
      '{"__proto__":{"admin":true}}',
      '{"a":[{"constructor":{"prototype":{"x":1}}}]}',
      '{"prototype":1}',
    ]) {
      expect(codeOf(() => inspectInput(JSON.parse(text)))).toBe('VALIDATION_FAILED');
    }
    expect(codeOf(() => inspectInput(JSON.parse('{"__proto__":"a\\u0000"}')))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => inspectInput(JSON.parse('{"__proto__":1,"b":"\\u0000"}')))).toBe('CONTROL_CHARACTERS');
    expect(codeOf(() => inspectInput({ protoType: 1, constructorName: 'x', proto: {} }))).toBeUndefined();
    expect({}).not.toHaveProperty('admin');
  });

  it('walks without recursion and refuses depth and width past the limits', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(codeOf(() => inspectInput(deep))).toBe('JSON_TOO_DEEP');
    expect(codeOf(() => inspectInput({ list: new Array(10_001).fill('x') }))).toBe('JSON_TOO_WIDE');
  });
});
