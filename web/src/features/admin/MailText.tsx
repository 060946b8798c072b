import { textLinks } from '../../ui/links';

/**
 * A mail's text part as text, with its web links made followable (http and https only; mail
 * addresses and anything else stay text). Nothing is ever read as HTML.
 */
export function MailText({ text, className }: { text: string; className?: string }) {
  const parts: Array<string | { href: string; label: string }> = [];
  let at = 0;
  for (const link of textLinks(text, { mail: false })) {
    if (link.start > at) parts.push(text.slice(at, link.start));
    parts.push({ href: link.href, label: link.label });
    at = link.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return (
    <div className={className}>
      {parts.map((part, i) =>
        typeof part === 'string' ? (
          part
        ) : (
          <a key={i} href={part.href} rel="noreferrer noopener" target="_blank">
            {part.label}
          </a>
        ),
      )}
    </div>
  );
}
