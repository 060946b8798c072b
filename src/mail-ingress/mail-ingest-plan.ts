/**
 * The mail-ingest planner: pure functions from a parsed mail and the facts looked up about it to
 * what the ingest job does (skip it, post it with its notices and attachments, or post a notice).
 */

import { createHash } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { isMailAddress } from '../mail/mail-address.js';
import type { MailAuthVerdicts } from './inbound-mail.entity.js';
import { firstMailbox, oneLine } from './header-mailbox.js';
import { baseSubject, composeBody, foldQuoted, htmlToSafeText, senderLine, SUBJECT_TOKEN } from './mail-text.js';

/** Where a posted mail goes: into a known thread, or opening a new one. */
export type ThreadPlacement =
  { threadId: string | null; rootMessageId: string } | { open: { subject: string; correspondent: string } };

/** What the ingest job does with one mail. */
export type IngestPlan =
  | { kind: 'skip'; reason: string; messageId: string | null; auth: MailAuthVerdicts | null }
  | {
      kind: 'post';
      roomId: string;
      clientMessageId: string;
      body: string;
      attachments: Array<{ name: string; content: Buffer }>;
      messageId: string | null;
      auth: MailAuthVerdicts | null;
      /** Null for a notice about a mail that could not be read. */
      thread: ThreadPlacement | null;
    }
  /** A delivery report on a reply from the room: a notice in the reply's thread instead of the report. */
  | {
      kind: 'notice';
      roomId: string;
      threadRootId: string;
      clientMessageId: string;
      body: string;
      messageId: string | null;
    };

/** What the ingress looked up about a mail to be posted: the planner decides nothing more from outside. */
export interface PostFacts {
  inbound: { id: string; roomId: string };
  messageId: string | null;
  auth: MailAuthVerdicts;
  /** Authentication failed and the room's policy marks such mail rather than rejecting it. */
  markFailed: boolean;
  /** Sent to a thread's reply address: it goes into that thread, without the subject as a title. */
  isReply: boolean;
  /** The reply address's person, when the sender could not be verified as them. */
  replyOwnerName: string | null;
  sender: { address: string; name: string } | null;
  /** The staff member with the sender's address, and whether the sender's domain authenticated. */
  known: { displayName: string; verified: boolean } | null;
  maxBytes: number;
  /** The thread the mail answers, when one is known (a reply address's, or by its headers). */
  thread: ThreadPlacement | null;
}

/** The post a mail becomes: the sender line, title, text and notices, the attachments that fit, and its thread. */
export function postPlan(mail: ParsedMail, facts: PostFacts): IngestPlan {
  const { inbound, messageId, auth, maxBytes: limit } = facts;
  const fromAddress = facts.sender?.address ?? '';
  const fromName = facts.sender?.name || fromAddress;
  const attachments = mail.attachments.filter((a) => a.contentDisposition !== 'inline' || a.filename);
  const kept = attachments.filter((a) => a.size <= limit);
  const dropped = attachments.filter((a) => a.size > limit);
  const subject = oneLine(mail.subject ?? '');
  const head = senderLine(fromAddress, fromName, facts.known);
  const notices = [
    ...(facts.replyOwnerName !== null
      ? [
          `⚠️ 미확인 발신자: ${facts.replyOwnerName} 님의 회신 주소로 왔지만 보낸 사람을 확인하지 못했습니다. / Unverified sender: sent to ${facts.replyOwnerName}'s reply address, but the sender could not be verified.`,
        ]
      : []),
    ...(facts.markFailed
      ? [
          `⚠️ 발신자 인증 실패 (SPF ${auth.spf}, DKIM ${auth.dkim}, DMARC ${auth.dmarc}): 보낸 사람이 위조되었을 수 있습니다. / Sender authentication failed: the sender may be forged.`,
        ]
      : []),
    ...dropped.map(
      (a) =>
        `⚠️ ${oneLine(a.filename ?? '') || 'attachment'}: ${Math.ceil(a.size / 1024)} KiB, over the ${Math.floor(limit / 1024)} KiB limit / 용량 초과로 첨부하지 않음`,
    ),
  ];
  const text = foldQuoted(
    mail.text?.trim() ? mail.text : typeof mail.html === 'string' ? htmlToSafeText(mail.html) : '',
  );
  // A reply to a notification goes into the thread it names; the notification's subject says nothing there.
  const title = facts.isReply ? null : `[${subject.replace(SUBJECT_TOKEN, '').trim() || '(제목 없음 / no subject)'}]`;
  const body = composeBody({ head, title, text, notices });
  const correspondent = firstMailbox(mail.replyTo)?.address ?? fromAddress;
  return {
    kind: 'post',
    roomId: inbound.roomId,
    clientMessageId: clientId(messageId ? `mid|${inbound.roomId}|${messageId}` : `in|${inbound.id}`),
    body,
    attachments: kept.map((a, i) => ({ name: a.filename?.trim() || `attachment-${i + 1}`, content: a.content })),
    messageId,
    auth,
    thread: facts.thread ?? { open: { subject: baseSubject(subject), correspondent } },
  };
}

/**
 * Malformed MIME: the raw message stays stored, and the room is told it arrived, with the
 * original as an .eml file when it fits the file limit, for a mail program to open.
 */
export function unreadablePlan(inboundId: string, roomId: string, raw: Buffer, maxBytes: number): IngestPlan {
  const ref = inboundId.slice(0, 8);
  const fits = raw.length <= maxBytes;
  return {
    kind: 'post',
    roomId,
    clientMessageId: clientId(`raw|${inboundId}`),
    body: `✉️ 읽을 수 없는 메일이 도착했습니다 (원문 보관${fits ? ', 첨부' : ''}, ${ref}).\n✉️ A mail arrived that could not be read (kept raw${fits ? ', attached' : ''}, ${ref}).`,
    attachments: fits ? [{ name: `mail-${ref}.eml`, content: raw }] : [],
    messageId: null,
    auth: null,
    thread: null,
  };
}

/** Why a mail is not posted (a bounce, an auto-reply, bulk, a loop, our own domain), or null. */
export function skipReason(mail: ParsedMail, envelopeFrom: string | null, ownDomain: string): string | null {
  const header = (name: string) => {
    const value = mail.headers.get(name);
    return typeof value === 'string'
      ? value.toLowerCase()
      : value === undefined
        ? ''
        : JSON.stringify(value).toLowerCase();
  };
  if (!envelopeFrom || /multipart\/report/.test(header('content-type'))) return 'bounce';
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return 'auto-submitted';
  if (/^(bulk|list|junk)$/.test(header('precedence').trim())) return 'bulk';
  if (header('x-loop') || header('x-autoreply') || header('x-autorespond')) return 'loop';
  const from = senderOf(mail, envelopeFrom)?.address ?? '';
  if (
    from.endsWith(`@${ownDomain.toLowerCase()}`) ||
    envelopeFrom.toLowerCase().endsWith(`@${ownDomain.toLowerCase()}`)
  )
    return 'own-domain';
  return null;
}

/** The header's sender, read as mail programs read it; else the envelope's, when it is an address. */
export function senderOf(mail: ParsedMail, envelopeFrom: string | null): { address: string; name: string } | null {
  const envelope = envelopeFrom?.trim().toLowerCase() ?? '';
  return firstMailbox(mail.from) ?? (isMailAddress(envelope) ? { address: envelope, name: '' } : null);
}

function clientId(seed: string): string {
  return `mail-${createHash('sha256').update(seed).digest('base64url').slice(0, 40)}`;
}
