import { htmlToSafeText } from '../mail-ingress/mail-text.js';
import { MAX_MESSAGE_LENGTH } from '../messenger/messenger.types.js';

const HTML_FORMAT = 'org.matrix.custom.html';
const FILE_TYPES: ReadonlySet<string> = new Set(['m.image', 'm.file', 'm.audio', 'm.video']);
/** A Matrix user id as written in text: `@localpart:server`. */
const MATRIX_USER_ID = /(?<![\w@])@[a-z0-9._=/+-]+:[A-Za-z0-9.-]+(?::\d{1,5})?/g;

/**
 * The text of an m.room.message content as Ieum shows it: the HTML body (`formatted_body`)
 * turned into safe text when there is one, else the plain body; a reply's quoted fallback
 * dropped. Null for content that carries nothing to show.
 */
export function inboundText(content: Record<string, unknown>, senderName: string): string | null {
  const msgtype = typeof content.msgtype === 'string' ? content.msgtype : '';
  const body = typeof content.body === 'string' ? content.body : '';
  const html =
    content.format === HTML_FORMAT && typeof content.formatted_body === 'string' ? content.formatted_body : null;
  if (FILE_TYPES.has(msgtype)) return fileCaption(content) ?? `📎 ${fileName(content)}`;
  if (msgtype !== 'm.text' && msgtype !== 'm.notice' && msgtype !== 'm.emote') return null;
  const text = (
    html !== null
      ? htmlToSafeText(withoutPillLinks(html.replace(/<mx-reply>[\s\S]*?<\/mx-reply>/gi, '')))
      : withoutReplyFallback(body)
  ).trim();
  if (text === '') return null;
  return msgtype === 'm.emote' ? `* ${senderName} ${text}` : text;
}

/** A user pill (a link to matrix.to/#/@user) reads as the name it shows, without the link. */
function withoutPillLinks(html: string): string {
  return html.replace(/<a\b[^>]*\bhref=["']https:\/\/matrix\.to\/#\/@[^"']*["'][^>]*>([\s\S]*?)<\/a>/gi, '$1');
}

/** Plain-text replies start with the quoted event, each line "> "; the reply follows a blank line. */
function withoutReplyFallback(body: string): string {
  if (!body.startsWith('> ')) return body;
  const lines = body.split('\n');
  let i = 0;
  while (i < lines.length && (lines[i] ?? '').startsWith('>')) i++;
  return lines.slice(i).join('\n');
}

/** What the bridge posts in Ieum for a Matrix person: who (their display name, and their Matrix id), then what they wrote. */
export function inboundBody(senderName: string, matrixUserId: string, text: string): string {
  const head = senderName === matrixUserId ? `${matrixUserId}` : `${senderName} (${matrixUserId})`;
  const room = MAX_MESSAGE_LENGTH - head.length - 3;
  const clipped = [...text].length > room ? `${[...text].slice(0, room - 1).join('')}…` : text;
  return `${head}\n${clipped}`;
}

/** An Ieum message as Matrix content: the plain body, and the same as HTML. */
export function outboundContent(body: string): Record<string, unknown> {
  return { msgtype: 'm.text', body, format: HTML_FORMAT, formatted_body: escapeHtml(body).replace(/\n/g, '<br>') };
}

/** An edit (m.replace): clients that know edits show `m.new_content`; the others show "* text". */
export function editContent(eventId: string, body: string): Record<string, unknown> {
  const fallback = outboundContent(`* ${body}`);
  return {
    ...fallback,
    'm.new_content': outboundContent(body),
    'm.relates_to': { rel_type: 'm.replace', event_id: eventId },
  };
}

/** A reply in a thread (m.thread); clients without threads see it as a reply to the root (is_falling_back). */
export function threadContent(content: Record<string, unknown>, rootEventId: string): Record<string, unknown> {
  return {
    ...content,
    'm.relates_to': {
      rel_type: 'm.thread',
      event_id: rootEventId,
      is_falling_back: true,
      'm.in_reply_to': { event_id: rootEventId },
    },
  };
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** `#room:server` (an alias) or `!id:server` (a room id). */
export function isRoomAddress(text: string): boolean {
  return /^[#!][^\s:]+:[A-Za-z0-9.-]+(:\d{1,5})?$/.test(text) && text.length <= 255;
}

/** A file message (m.file, m.image, m.audio, m.video) with the media it points to; null for any other content. */
export function inboundFile(
  content: Record<string, unknown>,
): { mxcUri: string; name: string; declaredSize: number | null } | null {
  const msgtype = typeof content.msgtype === 'string' ? content.msgtype : '';
  if (!FILE_TYPES.has(msgtype) || typeof content.url !== 'string') return null;
  const info = content.info && typeof content.info === 'object' ? (content.info as Record<string, unknown>) : {};
  return {
    mxcUri: content.url,
    name: fileName(content),
    declaredSize: typeof info.size === 'number' && Number.isFinite(info.size) ? info.size : null,
  };
}

/** Since spec v1.10 a file's `body` is a caption when `filename` is given and differs from it. */
function fileCaption(content: Record<string, unknown>): string | null {
  const body = typeof content.body === 'string' ? content.body.trim() : '';
  return typeof content.filename === 'string' && body !== '' && body !== content.filename ? body : null;
}

function fileName(content: Record<string, unknown>): string {
  const name =
    typeof content.filename === 'string' && content.filename.trim() !== ''
      ? content.filename
      : typeof content.body === 'string'
        ? content.body
        : '';
  return name.trim().slice(0, 255) || 'file';
}

/** An Ieum file as Matrix content: m.image for pictures, m.file for the rest, pointing at the uploaded media. */
export function fileContent(
  file: { name: string; contentType: string; size: number },
  mxcUri: string,
): Record<string, unknown> {
  const image = /^image\/(png|jpeg|gif|webp)$/.test(file.contentType);
  return {
    msgtype: image ? 'm.image' : 'm.file',
    body: file.name,
    filename: file.name,
    url: mxcUri,
    info: { mimetype: file.contentType.split(';')[0], size: file.size },
  };
}

/** The Matrix people an Ieum text names by their full id (`@alice:example.org`), each once. */
export function matrixIdsIn(text: string): string[] {
  return [...new Set(text.match(MATRIX_USER_ID) ?? [])];
}

/** The users an event's `m.mentions` names (spec v1.7 intentional mentions). */
export function mentionedIds(content: Record<string, unknown>): string[] {
  const mentions = content['m.mentions'];
  if (!mentions || typeof mentions !== 'object') return [];
  const ids = (mentions as { user_ids?: unknown }).user_ids;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string').slice(0, 50) : [];
}

/**
 * A Matrix text that mentions Ieum people (through their puppets) as Ieum text that mentions them:
 * the puppet's display name where the text shows it (a pill), else `@login` in front.
 */
export function withIeumMentions(text: string, people: Array<{ login: string; displayName: string }>): string {
  let out = text;
  const missing: string[] = [];
  for (const person of people) {
    if (out.includes(`@${person.login}`)) continue;
    const at = out.indexOf(person.displayName);
    if (at >= 0) out = `${out.slice(0, at)}@${person.login}${out.slice(at + person.displayName.length)}`;
    else missing.push(`@${person.login}`);
  }
  return missing.length > 0 ? `${missing.join(' ')} ${out}` : out;
}
