/**
 * ISO-2022-KR (RFC 1557), the 7-bit form of Korean mail older clients still send, which neither
 * iconv-lite nor mailparser decodes. It is KS X 1001 shifted into 7 bits: after the designation
 * `ESC $ ) C`, SO starts double-byte text and SI (or the end of the line) ends it. Adding 0x80 to
 * each shifted byte gives EUC-KR, which the parser reads; so a message that declares the charset
 * is rewritten to EUC-KR (bodies and RFC 2047 encoded words) before it is parsed.
 */
const ESC = 0x1b;
const SO = 0x0e;
const SI = 0x0f;

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

/** The raw message with every ISO-2022-KR text turned into EUC-KR and labelled so; other messages as they are. */
export function normaliseIso2022Kr(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  if (!/iso-2022-kr/i.test(text)) return raw;
  const words = text.replace(/=\?iso-2022-kr\?([bq])\?([^?]*)\?=/gi, (_match, encoding: string, data: string) => {
    const bytes = encoding.toLowerCase() === 'b' ? Buffer.from(data, 'base64') : decodeQ(data);
    return `=?euc-kr?B?${iso2022krToEucKr(bytes).toString('base64')}?=`;
  });
  const labelled = words.replace(/charset\s*=\s*"?iso-2022-kr"?/gi, 'charset=euc-kr');
  return iso2022krToEucKr(Buffer.from(labelled, 'latin1'));
}

function decodeQ(data: string): Buffer {
  return Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
}
