import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import wawoff2 from 'wawoff2';
import type { MemoStatus, MemoView } from './memo.service.js';

/**
 * NanumGothic (SIL OFL), so Hangul prints in the PDF; pdfkit embeds only the glyphs used. The
 * package ships WOFF2, which wawoff2 turns into TrueType once per process (about 150 ms): fontkit
 * reading the WOFF itself takes seconds for a CJK font on every export.
 */
const KOREAN_FONT = createRequire(import.meta.url).resolve('@kfonts/nanum-gothic/NanumGothic.woff2');
let koreanFont: Promise<Buffer> | undefined;
const loadKoreanFont = () =>
  (koreanFont ??= readFile(KOREAN_FONT).then(async (woff2) => Buffer.from(await wawoff2.decompress(woff2))));
const ZONE = 'Asia/Seoul';

const when = (iso: string | null) => (iso ? DateTime.fromISO(iso, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm') : '');

/**
 * One row per recipient, with a byte-order mark so spreadsheet programs read the Hangul as UTF-8.
 * Opinions, names and file names are written by others: a cell starting with = + - @ (or tab, CR,
 * their full-width forms) is prefixed with ' so a spreadsheet shows it instead of running it.
 */
export function opinionsCsv(status: MemoStatus): string {
  const rows = status.rows.map((r) => [
    r.agencyName ?? '',
    r.displayName,
    when(r.deliveredAt),
    when(r.readAt),
    when(r.acknowledgedAt),
    r.opinion ?? '',
    when(r.opinionAt),
    r.files.map((f) => f.name).join('; '),
  ]);
  return `\uFEFF${stringify([['기관', '이름', '전달', '읽음', '확인', '의견', '의견 시각', '첨부'], ...rows], { escape_formulas: true })}`;
}

/** A printable summary: the memo, the counts, every opinion, who is missing. Everything user-written is escaped. */
export function summaryHtml(memo: MemoView, status: MemoStatus): string {
  const e = escapeHtml;
  const rows = status.rows
    .map(
      (r) =>
        `<tr><td>${e(r.agencyName ?? '')}</td><td>${e(r.displayName)}</td><td>${e(when(r.deliveredAt))}</td><td>${e(when(r.readAt))}</td><td>${e(when(r.acknowledgedAt))}</td><td class="opinion">${e(r.opinion ?? '')}</td><td>${e(when(r.opinionAt))}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>${e(memo.title)} — 의견 수렴 결과</title>
<style>body{font-family:'Nanum Gothic','Malgun Gothic',sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:4px;vertical-align:top}.opinion{white-space:pre-wrap}@media print{body{margin:0}}</style>
</head><body>
<h1>${e(memo.title)}</h1>
<p>작성: ${e(memo.author.displayName)} (${e(memo.author.agencyName)}) · ${e(when(memo.createdAt))}${memo.deadlineAt ? ` · 기한 ${e(when(memo.deadlineAt))}` : ''}</p>
<p>수신 ${status.total}명 · 전달 ${status.delivered} · 읽음 ${status.read} · 확인 ${status.acknowledged} · 의견 ${status.opinions}</p>
<pre>${e(memo.body)}</pre>
<h2>의견 / Opinions</h2>
<table><thead><tr><th>기관</th><th>이름</th><th>전달</th><th>읽음</th><th>확인</th><th>의견</th><th>의견 시각</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>미응답 / Not answered (${status.missing.length})</h2>
<p>${status.missing.map((m) => e(`${m.displayName}${m.agencyName ? ` (${m.agencyName})` : ''}`)).join(', ') || '-'}</p>
</body></html>
`;
}

/** The same summary as a PDF, built with pdfkit. */
export async function summaryPdf(memo: MemoView, status: MemoStatus): Promise<Buffer> {
  const font = await loadKoreanFont();
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: memo.title, Author: memo.author.displayName } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.registerFont('ko', font);
  doc.font('ko');
  doc.fontSize(16).text(memo.title);
  doc
    .moveDown(0.5)
    .fontSize(10)
    .text(
      `작성: ${memo.author.displayName} (${memo.author.agencyName}) · ${when(memo.createdAt)}${memo.deadlineAt ? ` · 기한 ${when(memo.deadlineAt)}` : ''}`,
    );
  doc.text(
    `수신 ${status.total}명 · 전달 ${status.delivered} · 읽음 ${status.read} · 확인 ${status.acknowledged} · 의견 ${status.opinions}`,
  );
  doc.moveDown().fontSize(11).text(memo.body);
  doc.moveDown().fontSize(13).text('의견 / Opinions');
  for (const row of status.rows.filter((r) => r.opinion !== null)) {
    doc
      .moveDown(0.5)
      .fontSize(10)
      .text(`${row.agencyName ?? ''} ${row.displayName} · ${when(row.opinionAt)}`);
    doc.fontSize(11).text(row.opinion ?? '', { indent: 12 });
  }
  doc.moveDown().fontSize(13).text(`미응답 / Not answered (${status.missing.length})`);
  doc
    .fontSize(10)
    .text(status.missing.map((m) => `${m.displayName}${m.agencyName ? ` (${m.agencyName})` : ''}`).join(', ') || '-');
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}
