import type { AddressObject, EmailAddress } from 'mailparser';
import addressparser from 'nodemailer/lib/addressparser';
import { isMailAddress } from '../mail/mail-address.js';

/** A sender as the room shows it and answers it. */
export interface HeaderMailbox {
  /** Lower case, and always an address mail can be sent to. */
  address: string;
  /** One line; empty when the header gave none. */
  name: string;
}

/**
 * What never reaches a name or a subject shown in a room: control characters (an encoded CR LF
 * would start a line of the sender's making, such as a forged `Bcc:`), the line and paragraph
 * separators, and the bidirectional overrides and isolates that reorder what follows them.
 */
const UNSHOWABLE = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]+/gu;

/** Header text (a decoded name, a subject) as one plain line. */
export function oneLine(text: string): string {
  return text.replace(UNSHOWABLE, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * The first mailbox of an address field (From, Reply-To) that mail can be sent to, read as mail
 * programs read it. Korean mailers often write name and address as one encoded word
 * (`=?UTF-8?B?…?=` for `홍길동 <hong@example.kr>`): the parser rightly keeps all of it as the name,
 * since RFC 2047 puts no address inside an encoded word, and reports no address. Mail programs
 * show and answer the address in the decoded text, and so does this, but only when the header had
 * no address of its own: a name never replaces an address the header carries. Nothing here is
 * trusted more for it; whether the sender is who it says is for SPF, DKIM and DMARC to prove.
 */
export function firstMailbox(field: AddressObject | AddressObject[] | undefined): HeaderMailbox | null {
  for (const entry of entries(field)) {
    const address = entry.address?.trim() ?? '';
    if (address) {
      if (isMailAddress(address)) return { address: address.toLowerCase(), name: oneLine(entry.name) };
      continue;
    }
    const decoded = oneLine(entry.name);
    if (!decoded.includes('@')) continue;
    const inName = addressparser(decoded, { flatten: true }).find((m) => isMailAddress(m.address.trim()));
    if (inName) return { address: inName.address.trim().toLowerCase(), name: oneLine(inName.name) };
  }
  return null;
}

function entries(field: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const flat = (list: EmailAddress[]): EmailAddress[] => list.flatMap((e) => (e.group ? flat(e.group) : [e]));
  return flat([field ?? []].flat().flatMap((f) => f.value));
}
