import { hasControlCharacters } from '../common/control-characters.js';
import { mentionNames } from './mentions.js';
import { MessengerException } from './messenger.exception.js';
import { MAX_MESSAGE_LENGTH, messageLength } from './messenger.types.js';

/** The text rules of messages: what a body may be, what a command and a reaction are. */

/** A message is a command when its first character (full-width forms folded) is a slash. */
export function isCommand(body: string): boolean {
  return body.normalize('NFKC').trimStart().startsWith('/');
}

/** A message body as stored: line ends as \\n, trimmed, no control characters, within the length limit. */
export function validateBody(raw: unknown, withFiles = false): string {
  const body = typeof raw === 'string' ? raw.replace(/\r\n?/g, '\n').trim() : '';
  if (hasControlCharacters(body)) throw MessengerException.controlCharacters('body');
  if (body.length === 0 && !withFiles)
    throw MessengerException.invalidMessage({ en: 'A message cannot be empty.', ko: '빈 메시지는 보낼 수 없습니다.' });
  const length = messageLength(body);
  if (length > MAX_MESSAGE_LENGTH) throw MessengerException.messageTooLong(length);
  return body;
}

/** A reaction as stored: NFC, trimmed. */
export function reactionText(emoji: string): string {
  return emoji.normalize('NFC').trim();
}

/** One emoji or a short word (at most 8 characters). */
export function isReaction(clean: string): boolean {
  return clean.length > 0 && [...clean].length <= 8;
}

/** A send with nothing beyond text: no files, thread, mentions or command, so one statement stores it. */
export function isPlain(input: { fileIds?: string[]; threadRootId?: string | null }, body: string): boolean {
  return (
    (input.fileIds ?? []).length === 0 && !input.threadRootId && !isCommand(body) && mentionNames(body).length === 0
  );
}
