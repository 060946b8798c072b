import { hasControlCharacters } from '../common/control-characters.js';
import { DocumentsException } from './documents.exception.js';

const MAX_PATH = 1024;

/**
 * A path inside a linked folder as typed ('보고서/초안.hwp', '/보고서/'), made canonical: '/'-led,
 * no empty, '.' or '..' segments. Anything that could leave the folder is refused, not repaired.
 */
export function folderPath(input: string): string {
  const text = input.normalize('NFC').trim();
  if (hasControlCharacters(text) || /[\t\r\n]/.test(text) || text.includes('\\') || text.length > MAX_PATH)
    throw DocumentsException.pathOutside();
  const segments = text.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '.' || s === '..' || s.trim() !== s || s.trim().length === 0))
    throw DocumentsException.pathOutside();
  return `/${segments.join('/')}`;
}

/** The name a path ends with ('/' for the folder itself). */
export function baseName(path: string): string {
  return path === '/' ? '/' : (path.split('/').pop() ?? path);
}

/** `보고서.hwp` → `보고서 (2).hwp`: the n-th name tried when the first one is taken. */
export function numberedName(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}
