import type { ParsedMail } from 'mailparser';
import { Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';

/**
 * ISO-2022-KR (RFC 1557), the 7-bit form of Korean mail older clients still send, which neither
 * iconv-lite nor mailparser decodes. It is KS X 1001 shifted into 7 bits: after the designation
 * `ESC $ ) C`, SO starts double-byte text and SI (or the end of the line) ends it; adding 0x80 to
 * each shifted byte gives EUC-KR. It is decoded where the parser decodes any charset, per MIME
 * part and after base64 or quoted-printable: bodies through the parser's `Iconv` option, and
 * headers (RFC 2047 words, RFC 2231 parameters such as `filename*=iso-2022-kr''…`) afterwards,
 * since the parser reads a charset it does not know as UTF-8, which keeps 7-bit bytes as they are.
 */
const ESC = 0x1b;
const SO = 0x0e;
const SI = 0x0f;
const DESIGNATION = '\u001b$)C';

/** One ISO-2022-KR byte string as EUC-KR. */
export function iso2022krToEucKr(bytes: Buffer): Buffer {
  const out: number[] = [];
  let shifted = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b === ESC && bytes[i + 1] === 0x24 && bytes[i + 2] === 0x29 && bytes[i + 3] === 0x43) {
      i += 3;
      continue;
    }
    if (b === SO) shifted = true;
    else if (b === SI) shifted = false;
    else if (b === 0x0a || b === 0x0d) {
      shifted = false;
      out.push(b);
    } else out.push(shifted && b >= 0x21 && b <= 0x7e ? b | 0x80 : b);
  }
  return Buffer.from(out);
}

export function decodeIso2022Kr(bytes: Buffer): string {
  return new TextDecoder('euc-kr').decode(iso2022krToEucKr(bytes));
}

function isIso2022Kr(charset: string): boolean {
  return /^(cs)?iso2022kr$/.test(charset.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

/** Names the parser hands over (it renames ks_c_5601-1987 to CP949) under the label WHATWG gives them. */
const LABELS: Readonly<Record<string, string>> = { cp949: 'euc-kr', uhc: 'euc-kr', 'x-windows-949': 'euc-kr' };

/**
 * The parser's `Iconv` option: `new Iconv(charset, target)` gives a stream from bytes in that
 * charset to UTF-8. ISO-2022-KR is collected and decoded at the end (a body is bounded by
 * SMTP_MAX_BYTES); any other charset of the same message goes through the WHATWG decoder, and one
 * it does not know is read as UTF-8, as the parser does without this option.
 */
export class Iso2022KrIconv extends Transform {
  private readonly chunks: Buffer[] = [];
  private readonly decoder: TextDecoder | null;

  constructor(charset: string) {
    super();
    this.decoder = isIso2022Kr(charset) ? null : textDecoder(charset);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.decoder) done(null, Buffer.from(this.decoder.decode(chunk, { stream: true })));
    else {
      this.chunks.push(chunk);
      done();
    }
  }

  override _flush(done: TransformCallback): void {
    done(null, Buffer.from(this.decoder ? this.decoder.decode() : decodeIso2022Kr(Buffer.concat(this.chunks))));
  }
}

function textDecoder(charset: string): TextDecoder {
  const label = charset.trim().toLowerCase();
  try {
    return new TextDecoder(LABELS[label] ?? label);
  } catch {
    return new TextDecoder('utf-8');
  }
}

/** Parser options for this raw message: the ISO-2022-KR decoder when it names that charset anywhere, else none. */
export function iso2022KrParserOptions(raw: Buffer): { Iconv?: typeof Iso2022KrIconv } {
  return /iso-?2022-?kr/i.test(raw.toString('latin1')) ? { Iconv: Iso2022KrIconv } : {};
}

/** A decoded header value with its ISO-2022-KR runs (still the 7-bit bytes, read as UTF-8) decoded. */
export function decodeIso2022KrRuns(text: string): string {
  if (!text.includes(DESIGNATION)) return text;
  // Only ASCII can be ISO-2022-KR; anything else came from another encoded word and stays.
  return text.replace(/[^\u0080-\u{10ffff}]+/gu, (run) =>
    run.includes(DESIGNATION) || run.includes('\u000e') ? decodeIso2022Kr(Buffer.from(run, 'latin1')) : run,
  );
}

/** The parsed mail with ISO-2022-KR decoded in the header values the bridge shows: subject, names, file names. */
export function decodeIso2022KrHeaders(mail: ParsedMail): ParsedMail {
  if (mail.subject) mail.subject = decodeIso2022KrRuns(mail.subject);
  for (const field of [mail.from, mail.replyTo, ...[mail.to ?? []].flat(), ...[mail.cc ?? []].flat()]) {
    for (const address of field?.value ?? []) address.name = decodeIso2022KrRuns(address.name);
  }
  for (const attachment of mail.attachments)
    if (attachment.filename) attachment.filename = decodeIso2022KrRuns(attachment.filename);
  return mail;
}
