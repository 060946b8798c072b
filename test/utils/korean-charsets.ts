import iconv from 'iconv-lite';

/** ISO-2022-KR written the way old mail clients did: designation once, SO … SI around Korean. */
export function toIso2022Kr(text: string): Buffer {
  const euc = iconv.encode(text, 'euc-kr');
  const out = [0x1b, 0x24, 0x29, 0x43];
  let shifted = false;
  for (let i = 0; i < euc.length; i++) {
    const b = euc[i] ?? 0;
    if (b >= 0xa1) {
      if (!shifted) out.push(0x0e);
      shifted = true;
      out.push(b - 0x80, (euc[i + 1] ?? 0) - 0x80);
      i++;
    } else {
      if (shifted) out.push(0x0f);
      shifted = false;
      out.push(b);
    }
  }
  if (shifted) out.push(0x0f);
  return Buffer.from(out);
}
