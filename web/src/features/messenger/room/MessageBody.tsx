import { memo, type ReactNode } from 'react';
import { download } from '../../../api/http';
import { textLinks } from '../../../ui/links';

/** Names that mention everyone in the room (the server's list). */
export const ROOM_WORDS = new Set(['room', 'all', 'here', 'channel', '방', '모두', '전체']);
// The server's mention grammar: a name may hold dots (kim.mois); a dot at its end is the sentence's.
const MENTION = /(^|[\s(（[「『"'“])@([^\s@,!?;:)）\]」』"'”]+)/gu;

export function mentionKey(name: string): string {
  return name.normalize('NFKC').replace(/\.+$/, '').toLowerCase();
}

export interface MentionContext {
  /** Lower-cased names that mention someone here: member logins, agency handles and codes. */
  known: Set<string>;
  /** Lower-cased names that mention me (my login, and the room words). */
  mine: Set<string>;
}

function withMentions(text: string, context: MentionContext, keyPrefix: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(MENTION)) {
    const lead = match[1] ?? '';
    const raw = match[2] ?? '';
    const name = raw.replace(/\.+$/, '');
    const key = mentionKey(name);
    if (!context.known.has(key) && !ROOM_WORDS.has(key)) continue;
    const start = (match.index ?? 0) + lead.length;
    if (start > last) out.push(text.slice(last, start));
    const mine = context.mine.has(key) || ROOM_WORDS.has(key);
    out.push(
      <span key={`${keyPrefix}-${start}`} className={`mention${mine ? ' mention--me' : ''}`}>
        @{name}
      </span>,
    );
    last = start + 1 + name.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/**
 * A message's text as text: never HTML. Links (http, https, mailto only) open in a new tab without
 * the opener; mentions of people, agencies and the room are marked.
 */
export const MessageBody = memo(function MessageBody({
  text,
  context,
  focusable,
  id,
}: {
  text: string;
  context: MentionContext;
  focusable: boolean;
  id?: string;
}) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const link of textLinks(text, { mail: true })) {
    if (link.start > last) parts.push(...withMentions(text.slice(last, link.start), context, `t${last}`));
    const document = documentDownload(link.href);
    parts.push(
      document ? (
        // A document card's download goes through Ieum's API with the session, not as a bare link the browser would open without it.
        <a
          key={`l${link.start}`}
          href={link.href}
          tabIndex={focusable ? undefined : -1}
          onClick={(event) => {
            event.preventDefault();
            void download(document.path, document.name);
          }}
        >
          {link.label}
        </a>
      ) : (
        <a
          key={`l${link.start}`}
          href={link.href}
          target="_blank"
          rel="noopener noreferrer"
          tabIndex={focusable ? undefined : -1}
        >
          {link.label}
        </a>
      ),
    );
    last = link.end;
  }
  if (last < text.length) parts.push(...withMentions(text.slice(last), context, `t${last}`));
  return (
    <div className="message__body" id={id}>
      {parts}
    </div>
  );
});

const DOCUMENT_FILE = /^\/rooms\/[0-9a-f-]{36}\/documents\/file$/;

/** A linked folder's download (`…/rooms/{id}/documents/file?path=…`, as a document card gives it): the API path to fetch and the file's name. */
function documentDownload(href: string): { path: string; name: string } | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  const path = url.searchParams.get('path');
  if (!DOCUMENT_FILE.test(url.pathname) || !path) return null;
  return { path: `${url.pathname}${url.search}`, name: path.split('/').pop() || 'document' };
}
