import { htmlToSafeText } from '../mail-ingress/mail-text.js';
import { MAX_MESSAGE_LENGTH } from '../messenger/messenger.types.js';

const HTML_FORMAT = 'org.matrix.custom.html';
const FILE_TYPES = new Set(['m.image', 'm.file', 'm.audio', 'm.video']);

/**
 * The text of an m.room.message content as Ieum shows it: the HTML body (`formatted_body`)
 * turned into safe text when there is one, else the plain body; a reply's quoted fallback
 * dropped. Null for content that carries nothing to show.
 */
export function inboundText(content: Record<string, unknown>, senderName: string): string | null {
  const msgtype = typeof content.msgtype === 'string' ? content.msgtype : '';
  const body = typeof content.body === 'string' ? content.body : '';
  const html = content.format === HTML_FORMAT && typeof content.formatted_body === 'string' ? content.formatted_body : null;
  if (FILE_TYPES.has(msgtype)) return `📎 ${body || msgtype} (파일은 아직 옮기지 않습니다 / files are not carried yet)`;
  if (msgtype !== 'm.text' && msgtype !== 'm.notice' && msgtype !== 'm.emote') return null;
  const text = (html !== null ? htmlToSafeText(html.replace(/<mx-reply>[\s\S]*?<\/mx-reply>/gi, '')) : withoutReplyFallback(body)).trim();
  if (text === '') return null;
  return msgtype === 'm.emote' ? `* ${senderName} ${text}` : text;
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
  return { ...fallback, 'm.new_content': outboundContent(body), 'm.relates_to': { rel_type: 'm.replace', event_id: eventId } };
}

/** A reply in a thread (m.thread); clients without threads see it as a reply to the root (is_falling_back). */
export function threadContent(content: Record<string, unknown>, rootEventId: string): Record<string, unknown> {
  return { ...content, 'm.relates_to': { rel_type: 'm.thread', event_id: rootEventId, is_falling_back: true, 'm.in_reply_to': { event_id: rootEventId } } };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** `#room:server` (an alias) or `!id:server` (a room id). */
export function isRoomAddress(text: string): boolean {
  return /^[#!][^\s:]+:[A-Za-z0-9.-]+(:\d{1,5})?$/.test(text) && text.length <= 255;
}
