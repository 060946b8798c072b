import { convert } from 'html-to-text';
import { MAX_MESSAGE_LENGTH } from '../messenger/messenger.types.js';

/** `[ieum:<token>]` in a subject: the thread a reply belongs to when its mail system dropped In-Reply-To. */
export const SUBJECT_TOKEN = /\[ieum:([a-z2-7]{10})\]/i;

/**
 * Who a posted mail is from. A colleague's name from the directory vouches for the mail, so it is
 * shown only when the From domain is authenticated; unauthenticated mail from a colleague's address
 * shows the bare address (its own display name would vouch just the same).
 */
export function senderLine(
  address: string,
  name: string,
  colleague: { displayName: string; verified: boolean } | null,
): string {
  if (!address) return '✉️ (보낸 사람 주소 없음 / no sender address)';
  if (colleague && !colleague.verified) return `✉️ ${address}`;
  return `✉️ ${name}${name !== address ? ` <${address}>` : ''}${colleague ? ` (${colleague.displayName})` : ''}`;
}

const TRUNCATED = '\n… (본문이 길어 잘렸습니다 / the rest of the mail was cut)';
const LINE_MAX = 500;

/**
 * The posted message: sender, subject, text, notices. Only the text gives way to the length limit,
 * so the sender, subject and every warning (forged sender, attachment left out) always survive.
 */
export function composeBody(
  parts: { head: string; title: string | null; text: string; notices: string[] },
  max = MAX_MESSAGE_LENGTH,
): string {
  const prefix = `${[clip(parts.head, LINE_MAX), ...(parts.title === null ? [] : [clip(parts.title, LINE_MAX)]), ''].join('\n')}\n`;
  // A mail with thousands of oversized attachments still leaves room for its text.
  const notices: string[] = [];
  let budget = Math.floor(max / 2);
  for (const [i, notice] of parts.notices.entries()) {
    const line = clip(notice, LINE_MAX);
    if (line.length + 1 > budget - 40) {
      notices.push(`⚠️ … 외 ${parts.notices.length - i}건 / and ${parts.notices.length - i} more`);
      break;
    }
    notices.push(line);
    budget -= line.length + 1;
  }
  const suffix = notices.length > 0 ? `\n\n${notices.join('\n')}` : '';
  const room = max - prefix.length - suffix.length;
  const text =
    parts.text.length <= room
      ? parts.text
      : room > TRUNCATED.length
        ? `${cut(parts.text, room - TRUNCATED.length)}${TRUNCATED}`
        : cut(parts.text, room);
  return `${prefix}${text}${suffix}`;
}

function clip(line: string, max: number): string {
  return line.length <= max ? line : `${cut(line, max - 1)}…`;
}

/** The first `length` UTF-16 units, never ending in half a surrogate pair. */
function cut(text: string, length: number): string {
  const head = text.slice(0, Math.max(0, length));
  return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
}

/** A subject without its reply and forward prefixes (Re:, Fwd:, 회신:, 전달:, RE[2]:) and thread token. */
export function baseSubject(subject: string): string {
  let rest = subject.replace(SUBJECT_TOKEN, '').trim();
  for (let previous = ''; previous !== rest;) {
    previous = rest;
    rest = rest.replace(/^(re|fwd?|aw|sv|회신|답장|전달)\s*(\[\d+\])?\s*[:：]\s*/i, '').trim();
  }
  return (rest || '(제목 없음)').slice(0, 400);
}

/** What html-to-text may walk: a hostile mail's nesting or width costs bounded time. */
const HTML_LIMITS = {
  maxInputLength: 2_000_000,
  maxDepth: 40,
  maxChildNodes: 5_000,
  maxBaseElements: 5_000,
  ellipsis: '…',
};

/**
 * An HTML-only mail as plain text (html-to-text): scripts, styles and images dropped, so nothing
 * runs and nothing is fetched; links keep their address in brackets for the reader to judge.
 * HTML it cannot convert becomes a notice (the raw mail stays stored).
 */
export function htmlToSafeText(html: string): string {
  try {
    return convert(html, {
      wordwrap: false,
      limits: HTML_LIMITS,
      selectors: [
        { selector: 'img', format: 'skip' },
        { selector: 'script', format: 'skip' },
        { selector: 'style', format: 'skip' },
        { selector: 'head', format: 'skip' },
        { selector: 'noscript', format: 'skip' },
        { selector: 'iframe', format: 'skip' },
        { selector: 'object', format: 'skip' },
        { selector: 'svg', format: 'skip' },
        { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      ],
    });
  } catch {
    return '⚠️ HTML 본문을 글로 바꾸지 못했습니다. / The HTML body could not be turned into text.';
  }
}

/** A line that starts what a reply quotes: a separator, a client's "wrote:" line, a signature. */
const QUOTE_START =
  /^(-{2,}\s*(original message|원본 메시지|원본 메일|forwarded message|전달된 메시지|전달된 메일)\s*-{2,}|on .+ wrote:\s*$|.+(님이 작성|작성함):\s*$|-- ?$)/i;
/** Outlook's header block of the mail answered: "From:" (보낸 사람:) with "Sent:"/"Date:" (보낸 날짜:) right after. */
const HEADER_FROM = /^\*?(from|보낸 ?사람)\s*:\*?\s/i;
const HEADER_SENT = /^\*?(sent|date|보낸 ?날짜)\s*:\*?\s/i;

/**
 * Drops what a reply quotes and the signature: from the first quote header on (a separator, a
 * "wrote:" line, Outlook's From/Sent block and the rule above it, `-- `), then trailing `>` lines.
 */
export function foldQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const trimmed = lines.map((line) => line.trim());
  let cut = trimmed.findIndex(
    (line, i) =>
      QUOTE_START.test(line) ||
      (HEADER_FROM.test(line) && trimmed.slice(i + 1, i + 3).some((next) => HEADER_SENT.test(next))),
  );
  if (cut > 0 && /^_{10,}$/.test(trimmed[cut - 1] ?? '')) cut--;
  const kept = (cut >= 0 ? lines.slice(0, cut) : lines).filter(
    (line, i, all) => !(line.startsWith('>') && all.slice(i).every((l) => l.startsWith('>') || l.trim() === '')),
  );
  return kept.join('\n').trim();
}
