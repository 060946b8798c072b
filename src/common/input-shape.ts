import { hasControlCharacters, stripControlCharacters } from './control-characters.js';
import { CommonException, validationFailed } from './ieum.exception.js';

/**
 * The most any input may nest and hold. No request of the API nests past three levels or holds
 * more than 5,000 items in one list; the limits leave room for that while keeping recursive code
 * (class-transformer, class-validator) far from the stack's end.
 */
export const INPUT_LIMITS = { maxDepth: 32, maxObjectKeys: 1_000, maxArrayItems: 10_000 } as const;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

/**
 * Checks JSON text for nesting and width before it is parsed, in one pass without recursion, so a
 * 40 kB body nested 20,000 deep is refused for what it is instead of reaching recursive code.
 * Only counts brackets and commas outside strings; whether the text is JSON is the parser's call.
 */
export function checkJsonText(text: string, limits = INPUT_LIMITS): void {
  let depth = 0;
  const commas: number[] = [0];
  const isArray: boolean[] = [false];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    switch (c) {
      case QUOTE:
        inString = true;
        break;
      case 0x7b: // {
      case 0x5b: // [
        depth++;
        if (depth > limits.maxDepth) throw CommonException.jsonTooDeep(limits.maxDepth);
        commas[depth] = 0;
        isArray[depth] = c === 0x5b;
        break;
      case 0x7d: // }
      case 0x5d: // ]
        if (depth > 0) depth--;
        break;
      case COMMA: {
        if (depth === 0) break;
        const items = (commas[depth] = (commas[depth] ?? 0) + 1) + 1;
        const max = isArray[depth] ? limits.maxArrayItems : limits.maxObjectKeys;
        if (items > max) throw CommonException.jsonTooWide(max, isArray[depth] ? 'array' : 'object');
        break;
      }
      default:
        break;
    }
  }
}

const MAX_REPORTED = 20;

/**
 * Keys JSON.parse keeps as plain properties but class-transformer skips without a word, so they
 * would pass as if absent where every other unknown key is refused: they are refused here.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Walks a parsed value (a body, a query, route parameters, a socket payload) without recursion:
 * refuses nesting and width past the limits, and any string or key holding a control character,
 * naming where (`title`, `records.2.name`); then `__proto__`, `constructor` and `prototype` keys.
 */
export function inspectInput(value: unknown, limits = INPUT_LIMITS): void {
  const found: string[] = [];
  const prototypeKeys: string[] = [];
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof current === 'string') {
      if (hasControlCharacters(current)) found.push(path || '(value)');
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limits.maxDepth) throw CommonException.jsonTooDeep(limits.maxDepth);
    if (Array.isArray(current)) {
      if (current.length > limits.maxArrayItems) throw CommonException.jsonTooWide(limits.maxArrayItems, 'array');
      for (let i = current.length - 1; i >= 0; i--)
        stack.push({ value: current[i] as unknown, path: path ? `${path}.${i}` : String(i), depth: depth + 1 });
      continue;
    }
    if (Buffer.isBuffer(current) || ArrayBuffer.isView(current)) continue;
    const keys = Object.keys(current);
    if (keys.length > limits.maxObjectKeys) throw CommonException.jsonTooWide(limits.maxObjectKeys, 'object');
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const at = path ? `${path}.${key}` : key;
      if (hasControlCharacters(key)) found.push(stripControlCharacters(at));
      else if (PROTOTYPE_KEYS.has(key)) prototypeKeys.push(at);
      else stack.push({ value: (current as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
  }
  if (found.length > 0) throw CommonException.controlCharacters(found.slice(0, MAX_REPORTED));
  if (prototypeKeys.length > 0) {
    throw validationFailed(
      prototypeKeys.slice(0, MAX_REPORTED).map((field) => ({
        field,
        problems: [{ en: `property ${field} should not exist`, ko: `알 수 없는 항목입니다(${field}). 빼고 보내세요.` }],
      })),
    );
  }
}
