import { DateTime } from 'luxon';
import type { LocalisedText } from '../common/ieum.exception.js';
import type { DocumentEntry } from '../bus/capabilities/document-store.js';
import type { DocumentChangeKind } from './documents.types.js';

/** At most this many changes are listed in one announcement; the rest are counted. */
export const ANNOUNCED_LINES = 20;

const CHANGE_TEXT: Record<DocumentChangeKind, { mark: string; ko: string; en: string }> = {
  added: { mark: '➕', ko: '추가', en: 'added' },
  changed: { mark: '✏️', ko: '변경', en: 'changed' },
  removed: { mark: '🗑️', ko: '삭제', en: 'removed' },
};

/** 1536 → "1.5 KB". */
export function sizeText(bytes: number | null): string {
  if (bytes === null) return '-';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function timeText(at: Date | null, zone: string): string {
  if (!at) return '-';
  const local = DateTime.fromJSDate(at, { zone });
  return (local.isValid ? local : DateTime.fromJSDate(at, { zone: 'Asia/Seoul' })).toFormat('yyyy-MM-dd HH:mm');
}

/** The card `/doc share` posts: name, size, when and by whom it last changed, and Ieum's download link. */
export function documentCard(entry: DocumentEntry, downloadUrl: string, sharedBy: string, zone: string): LocalisedText {
  const when = timeText(entry.modifiedAt, zone);
  const size = sizeText(entry.size);
  return {
    ko: [
      `📄 ${entry.name}`,
      `경로: ${entry.path}`,
      `크기: ${size} · 수정: ${when}${entry.changedBy ? ` · ${entry.changedBy}` : ''}`,
      `공유: ${sharedBy}`,
      `내려받기: ${downloadUrl}`,
    ].join('\n'),
    en: [
      `📄 ${entry.name}`,
      `Path: ${entry.path}`,
      `Size: ${size} · Modified: ${when}${entry.changedBy ? ` by ${entry.changedBy}` : ''}`,
      `Shared by ${sharedBy}`,
      `Download: ${downloadUrl}`,
    ].join('\n'),
  };
}

export interface ChangeLine {
  change: DocumentChangeKind;
  path: string;
  size: number | null;
  modifiedAt: Date | null;
  changedBy: string | null;
}

/** One message for what one sync found, in both languages (it is read by the whole room). */
export function changesAnnouncement(changes: ChangeLine[], zone: string): string {
  const lines = changes.slice(0, ANNOUNCED_LINES).map((c) => {
    const t = CHANGE_TEXT[c.change];
    const detail =
      c.change === 'removed'
        ? ''
        : ` (${sizeText(c.size)}, ${timeText(c.modifiedAt, zone)}${c.changedBy ? `, ${c.changedBy}` : ''})`;
    return `${t.mark} ${t.ko} ${t.en}: ${c.path}${detail}`;
  });
  const more = changes.length - lines.length;
  return [
    `📁 연결된 문서 폴더가 바뀌었습니다 / The linked folder changed (${changes.length})`,
    ...lines,
    ...(more > 0 ? [`… 외 ${more}건 / and ${more} more`] : []),
  ].join('\n');
}

/** Said once when a link is parked; the code names why. */
export function parkedNotice(code: string, failures: number): string {
  if (code === 'DOCUMENTS_CREDENTIALS_UNREADABLE') {
    return `⚠️ 저장된 폴더 비밀번호를 읽을 수 없어(서버 키 변경) 폴더 알림을 멈췄습니다. 방 소유자가 폴더를 다시 연결하면 재개됩니다. (${code})\n⚠️ The folder's stored password can no longer be read (the server's key changed), so following the folder has stopped. A room owner links it again to resume. (${code})`;
  }
  return code === 'DOCUMENTS_AUTH_FAILED'
    ? `⚠️ 문서 서버가 비밀번호를 거부하여 폴더 알림을 멈췄습니다. 방 소유자가 폴더를 다시 연결하면 재개됩니다. (${code})\n⚠️ The document server refused the password, so following the folder has stopped. A room owner links it again to resume. (${code})`
    : `⚠️ 문서 서버가 ${failures}번 연속 응답하지 않아 폴더 알림을 멈췄습니다. 방 소유자가 폴더를 다시 연결하면 재개됩니다. (${code})\n⚠️ The document server failed ${failures} times in a row, so following the folder has stopped. A room owner links it again to resume. (${code})`;
}
