import type { ParsedMail } from 'mailparser';

/** What a delivery status notification (RFC 3464) says about a mail that was sent. */
export interface DeliveryReport {
  /** The recipients it could not be delivered to, each with the reporting server's reason. */
  failed: Array<{ recipient: string | null; reason: string }>;
  /** The Message-IDs it is about: of the returned message or headers first, then the report's own In-Reply-To and References. */
  messageIds: string[];
}

const STATUS_PARTS = new Set(['message/delivery-status', 'message/global-delivery-status']);
const RETURNED_PARTS = new Set(['message/rfc822', 'message/global', 'text/rfc822-headers', 'message/global-headers']);
const REASON_MAX = 300;

/** A `multipart/report` of type delivery-status (a DSN); other reports (read receipts) are not. */
export function isDeliveryReport(mail: Pick<ParsedMail, 'headers'>): boolean {
  const type = mail.headers.get('content-type') as
    { value?: unknown; params?: Record<string, string | undefined> } | undefined;
  if (typeof type?.value !== 'string') return false;
  return (
    type.value.toLowerCase() === 'multipart/report' &&
    /^(global-)?delivery-status$/i.test(type.params?.['report-type']?.trim() ?? '')
  );
}

/**
 * Reads a DSN parsed with `keepDeliveryStatus` and `ignoreEmbedded`, so its status part and the
 * returned message stay attachments; null when it has no status part.
 */
export function readDeliveryReport(mail: ParsedMail): DeliveryReport | null {
  const status = mail.attachments.find((a) => STATUS_PARTS.has(a.contentType.toLowerCase()));
  if (!status) return null;
  const failed = fieldBlocks(status.content.toString('utf8'))
    .filter((block) => block.get('action')?.toLowerCase() === 'failed')
    .map((block) => ({
      recipient: withoutType(block.get('final-recipient') ?? block.get('original-recipient') ?? '') || null,
      reason: oneLine(withoutType(block.get('diagnostic-code') ?? '') || block.get('status') || ''),
    }));
  const returned = mail.attachments
    .filter((a) => RETURNED_PARTS.has(a.contentType.toLowerCase()))
    .flatMap((a) => {
      const headers = fieldBlocks(a.content.toString('utf8'))[0];
      return (
        headers
          ?.get('message-id')
          ?.match(/<[^<>\s]+>/g)
          ?.slice(0, 1) ?? []
      );
    });
  const references = [...(mail.inReplyTo ? [mail.inReplyTo] : []), ...[mail.references ?? []].flat()].flatMap(
    (r) => r.match(/<[^<>\s]+>/g) ?? [],
  );
  return { failed, messageIds: [...new Set([...returned, ...references.reverse()])].slice(0, 100) };
}

/** Header-style fields in blocks split by blank lines, folded lines joined, names lower-cased (the first of a repeated name kept). */
function fieldBlocks(text: string): Array<Map<string, string>> {
  const blocks: Array<Map<string, string>> = [];
  for (const chunk of text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) {
    const block = new Map<string, string>();
    for (const line of chunk.replace(/\n[ \t]+/g, ' ').split('\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      if (!block.has(name)) block.set(name, line.slice(colon + 1).trim());
    }
    if (block.size > 0) blocks.push(block);
  }
  return blocks;
}

/** `rfc822; x@y` → `x@y`, `smtp; 550 …` → `550 …`. */
function withoutType(value: string): string {
  return value.replace(/^\s*[a-z0-9-]+\s*;\s*/i, '').trim();
}

function oneLine(text: string): string {
  const line = text
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length <= REASON_MAX ? line : `${line.slice(0, REASON_MAX - 1)}…`;
}
