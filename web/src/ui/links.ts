import { find } from 'linkifyjs';

/** A run of a text that becomes a link, and where the link goes. */
export interface TextLink {
  start: number;
  end: number;
  href: string;
  label: string;
}

const WEB = new Set(['http:', 'https:']);
const WEB_AND_MAIL = new Set(['http:', 'https:', 'mailto:']);

/**
 * The address a link may open, judged as the browser will read it: web addresses, and mail
 * addresses where `mail` allows; anything else (javascript:, data:, vbscript:, file:) is null.
 */
export function safeHref(href: string, mail = true): string | null {
  try {
    return (mail ? WEB_AND_MAIL : WEB).has(new URL(href).protocol) ? href : null;
  } catch {
    return null;
  }
}

/**
 * The links in a text that may become anchors, in order: web addresses, and mail addresses with
 * `mail`. Whatever else a text holds (a `javascript:` URL a mail brought in brackets) stays text.
 */
export function textLinks(text: string, options: { mail: boolean }): TextLink[] {
  const links: TextLink[] = [];
  for (const link of find(text, { defaultProtocol: 'https' })) {
    const href = link.isLink ? safeHref(link.href, options.mail) : null;
    if (href) links.push({ start: link.start, end: link.end, href, label: link.value });
  }
  return links;
}
