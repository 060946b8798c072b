import { DateTime } from 'luxon';
import type { LocalisedText } from './ieum.exception.js';

/** A lead time in words, for reminders: "1일" / "1 day", "2시간" / "2 h", "10분" / "10 min". */
export function durationText(minutes: number): LocalisedText {
  if (minutes % 1440 === 0)
    return { ko: `${minutes / 1440}일`, en: `${minutes / 1440} day${minutes === 1440 ? '' : 's'}` };
  if (minutes % 60 === 0) return { ko: `${minutes / 60}시간`, en: `${minutes / 60} h` };
  return { ko: `${minutes}분`, en: `${minutes} min` };
}

/** A due time for a card or reminder: "2026-11-27 (금) 18:00" in the zone, and in English. */
export function formatDue(at: Date, timeZone: string): LocalisedText {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  return {
    ko: `${local.setLocale('ko').toFormat('yyyy-MM-dd (ccc) HH:mm')}`,
    en: `${local.setLocale('en').toFormat('ccc d LLL yyyy, HH:mm')} ${local.offsetNameShort ?? ''}`.trim(),
  };
}
